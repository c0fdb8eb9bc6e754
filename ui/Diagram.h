/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Diagram.h - the picture: three bands (user space, kernel, hardware), the
 * places as boxes, the routes data has taken with their exact byte counts,
 * the user/kernel marker, the CPU and who holds it, and the item the
 * animation is playing now, moving along its route.
 */
#ifndef COPYSCOPE_UI_DIAGRAM_H
#define COPYSCOPE_UI_DIAGRAM_H

#include "ui/Scene.h"
#include "views/layout.h"

void Diagram_draw(const struct layout *l, const struct scene *s);

/* The style of a transfer kind (and of "explained", kind < 0). */
int Diagram_kindAttr(int kind, int evidence);

#endif
