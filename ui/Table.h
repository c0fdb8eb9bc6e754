/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Table.h - the comparison table: one row per strategy run in this
 * session (the tour keeps them), the current one filling live, each with
 * its receiver's row beneath when there is room.  Numbers are the model's
 * totals over the counted window: exact while no record is lost (the
 * status line shows drops).
 */
#ifndef COPYSCOPE_UI_TABLE_H
#define COPYSCOPE_UI_TABLE_H

#include "ui/Scene.h"
#include "views/layout.h"

void Table_draw(const struct layout *l, const struct scene *s);

#endif
