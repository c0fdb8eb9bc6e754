/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * TitleBar.h - the top line: what runs (demo, strategy, one line about
 * it) and, in step mode, the system call the demo will run next.
 */
#ifndef COPYSCOPE_UI_TITLEBAR_H
#define COPYSCOPE_UI_TITLEBAR_H

#include "ui/Scene.h"
#include "views/layout.h"

void TitleBar_draw(const struct layout *l, const struct scene *s);

#endif
