/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * StatusBar.h - the bottom line: demo, probing tier, animation speed,
 * step count, cache state, records lost; then the main keys.
 */
#ifndef COPYSCOPE_UI_STATUSBAR_H
#define COPYSCOPE_UI_STATUSBAR_H

#include "ui/Scene.h"
#include "views/layout.h"

void StatusBar_draw(const struct layout *l, const struct scene *s);

#endif
