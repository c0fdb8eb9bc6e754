/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * HelpOverlay.h - the keys and the legend, in a box over the picture (?):
 * two pages, each fitting an 80x24 terminal.
 */
#ifndef COPYSCOPE_UI_HELPOVERLAY_H
#define COPYSCOPE_UI_HELPOVERLAY_H

#include "ui/Scene.h"
#include "views/layout.h"

/* How many pages there are. */
int HelpOverlay_pages(void);
/* Page 1 (the keys) or 2 (what the picture means). */
void HelpOverlay_draw(const struct layout *l, const struct scene *s, int page);

#endif
