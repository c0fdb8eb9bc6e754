// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Draw.c - drawing primitives (see Draw.h). */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ui/Draw.h"
#include "ui/Term.h"
#include "views/escape.h"

/* a screen line's worth, escaped */
#define DRAW_ESC_LEN 2048

/*
 * What the screen shows of s: names from the traced system may hold
 * escape sequences and bytes that are not UTF-8, which the terminal would
 * obey or garble, so they are drawn escaped (views/escape.h), never
 * interpreted.  s itself when nothing needs it (the UI's own text).
 */
static const char *shown(const char *s, char *buf, size_t cap)
{
	if (!esc_needed(s, SIZE_MAX))
		return s;
	esc_text(buf, cap, s, SIZE_MAX);
	return buf;
}
#include "views/wrap.h"

int Draw_width(const char *s)
{
	char buf[DRAW_ESC_LEN];
	int n = 0;

	for (s = shown(s, buf, sizeof(buf)); *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Bytes of s that make up at most w columns. */
static int bytes_for(const char *s, int w, int *cols)
{
	int b = 0, c = 0;

	while (s[b]) {
		int len = 1;

		while (((unsigned char)s[b + len] & 0xc0) == 0x80)
			len++;
		if (c + 1 > w)
			break;
		b += len;
		c++;
	}
	*cols = c;
	return b;
}

int Draw_text_fit(int y, int x, int w, const char *s, int attr)
{
	char fit[1024];

	if (!s || w <= 1 || Draw_width(s) <= w)
		return Draw_text(y, x, w, s, attr);
	/* shortened at a word, never inside one */
	wrap_fit(s, w, Term_utf8() ? "\u2026" : "~", fit, sizeof(fit));
	return Draw_text(y, x, w, fit, attr);
}

int Draw_text(int y, int x, int w, const char *s, int attr)
{
	char buf[DRAW_ESC_LEN];
	int cols, bytes;

	if (y < 0 || y >= LINES || x >= COLS || w <= 0 || !s)
		return 0;
	if (x < 0) {
		w += x;
		x = 0;
	}
	if (x + w > COLS)
		w = COLS - x;
	s = shown(s, buf, sizeof(buf));
	bytes = bytes_for(s, w, &cols);
	attron(attr);
	mvaddnstr(y, x, s, bytes);
	attroff(attr);
	return cols;
}

void Draw_centred(int y, int x, int w, const char *s, int attr)
{
	int n = Draw_width(s);

	if (n > w)
		n = w;
	Draw_text(y, x + (w - n) / 2, n, s, attr);
}

void Draw_fill(int y, int x, int w, int attr)
{
	if (y < 0 || y >= LINES)
		return;
	if (x < 0) {
		w += x;
		x = 0;
	}
	if (x + w > COLS)
		w = COLS - x;
	if (w <= 0)
		return;
	attron(attr);
	mvhline(y, x, ' ', w);
	attroff(attr);
}

void Draw_clear(const struct lay_rect *r)
{
	for (int y = r->y; y < r->y + r->h; y++)
		Draw_fill(y, r->x, r->w, A_NORMAL);
}

void Draw_glyph(int y, int x, const char *g, int attr)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	attron(attr);
	mvaddstr(y, x, g);
	attroff(attr);
}

void Draw_box(const struct lay_rect *r, const char *title, int attr)
{
	int x, y, b = lay_bottom(r), rt = lay_right(r);

	if (r->w < 2 || r->h < 2)
		return;
	for (x = r->x + 1; x < rt; x++) {
		Draw_glyph(r->y, x, Term_line(LAY_E | LAY_W), attr);
		Draw_glyph(b, x, Term_line(LAY_E | LAY_W), attr);
	}
	for (y = r->y + 1; y < b; y++) {
		Draw_glyph(y, r->x, Term_line(LAY_N | LAY_S), attr);
		Draw_glyph(y, rt, Term_line(LAY_N | LAY_S), attr);
	}
	Draw_glyph(r->y, r->x, Term_line(LAY_S | LAY_E), attr);
	Draw_glyph(r->y, rt, Term_line(LAY_S | LAY_W), attr);
	Draw_glyph(b, r->x, Term_line(LAY_N | LAY_E), attr);
	Draw_glyph(b, rt, Term_line(LAY_N | LAY_W), attr);
	if (title && *title && r->w > 4) {
		char t[128];
		int n = Draw_width(title);

		if (n > r->w - 4)
			n = r->w - 4;
		snprintf(t, sizeof(t), " %s ", title);
		Draw_text(r->y, r->x + 1, n + 2, t, attr | A_BOLD);
	}
}
