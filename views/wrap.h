/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * wrap.h - text that fits: wrapped at spaces into lines of a width, or
 * shortened at a word with an ellipsis.  Widths are in columns, one per
 * UTF-8 code point (the screen's glyphs are all narrow).  Pure C: the
 * screen, its tests and the report use the same rules, so that no line is
 * ever cut inside a word.
 */
#ifndef COPYSCOPE_VIEWS_WRAP_H
#define COPYSCOPE_VIEWS_WRAP_H

#include <stddef.h>

#define WRAP_LINE 512 /* bytes of one wrapped line, NUL included */

/* Columns s takes. */
int wrap_width(const char *s);

/*
 * Split s into lines of at most width columns, breaking at spaces (a word
 * longer than a line is broken where it must be).  Writes up to max lines;
 * returns how many lines the whole text needs (more than max: it did not
 * fit).
 */
size_t wrap_lines(const char *s, int width, char lines[][WRAP_LINE],
		  size_t max);

/*
 * s itself when it fits in width columns; else as many whole words as fit
 * with ellipsis after them (ellipsis: "…" or "~", counted as one column).
 * Returns out.
 */
const char *wrap_fit(const char *s, int width, const char *ellipsis, char *out,
		     size_t len);

#endif
