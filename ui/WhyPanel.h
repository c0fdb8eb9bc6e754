/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * WhyPanel.h - class mode, when a run is over: why its measured row
 * differs from the article's, the sentences 'copyscope report' prints, in
 * a box over the lower part of the picture (w hides it).
 */
#ifndef COPYSCOPE_UI_WHYPANEL_H
#define COPYSCOPE_UI_WHYPANEL_H

#include "ui/Scene.h"
#include "views/layout.h"

void WhyPanel_draw(const struct layout *l, const struct scene *s);

#endif
