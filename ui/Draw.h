/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Draw.h - the few drawing primitives every screen element uses: text
 * clipped to a width (UTF-8 aware), boxes, filled lines.  Everything is
 * drawn on stdscr and clipped to the terminal.
 */
#ifndef COPYSCOPE_UI_DRAW_H
#define COPYSCOPE_UI_DRAW_H

#include "views/layout.h"

/* Columns the text takes (one per code point: the glyphs used are narrow). */
int Draw_width(const char *s);
/* Text at (y, x), at most w columns; returns the columns written. */
int Draw_text(int y, int x, int w, const char *s, int attr);
/* The same, ending in an ellipsis when the text does not fit. */
int Draw_text_fit(int y, int x, int w, const char *s, int attr);
/* Text centred in [x, x + w). */
void Draw_centred(int y, int x, int w, const char *s, int attr);
/* w spaces. */
void Draw_fill(int y, int x, int w, int attr);
/* Clear a rectangle. */
void Draw_clear(const struct lay_rect *r);
/* One glyph (a UTF-8 string of one column). */
void Draw_glyph(int y, int x, const char *g, int attr);
/* A frame around r, with an optional title in its top line. */
void Draw_box(const struct lay_rect *r, const char *title, int attr);

#endif
