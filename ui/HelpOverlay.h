/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* HelpOverlay.h - the keys and the legend, in a box over the picture (?). */
#ifndef COPYSCOPE_UI_HELPOVERLAY_H
#define COPYSCOPE_UI_HELPOVERLAY_H

#include "ui/Scene.h"
#include "views/layout.h"

void HelpOverlay_draw(const struct layout *l, const struct scene *s);

#endif
