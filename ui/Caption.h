/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Caption.h - the sentence under the picture: what the item on screen
 * means ("CPU copies 64 KiB from the page cache to your buffer"), how many
 * bytes, how we know (measured / attributed / inferred), and how many
 * similar facts it stands for.  When nothing plays: what to press next.
 * A second line, when there is room, holds the legend.
 */
#ifndef COPYSCOPE_UI_CAPTION_H
#define COPYSCOPE_UI_CAPTION_H

#include <stddef.h>

#include "ui/Scene.h"
#include "views/layout.h"

void Caption_draw(const struct layout *l, const struct scene *s);
/* The legend of the four kinds, drawn at (y, x) within w columns. */
void Caption_legend(int y, int x, int w);
/* The caption text of an item (without the tag), for the log too. */
void Caption_text(const struct anim_item *it, char *buf, size_t len);

#endif
