// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* wrap.c - text that fits (see wrap.h). */
#include <string.h>

#include "views/wrap.h"

/* Bytes of the code point at s. */
static size_t cp_len(const char *s)
{
	size_t n = 1;

	while (((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

int wrap_width(const char *s)
{
	int w = 0;

	while (*s) {
		s += cp_len(s);
		w++;
	}
	return w;
}

/* Bytes of s that make at most w columns, and how many columns. */
static size_t take(const char *s, size_t n, int w, int *cols)
{
	size_t b = 0;
	int c = 0;

	while (b < n && c < w) {
		b += cp_len(s + b);
		c++;
	}
	*cols = c;
	return b > n ? n : b;
}

static void put(char *dst, const char *src, size_t n)
{
	if (n >= WRAP_LINE)
		n = WRAP_LINE - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

size_t wrap_lines(const char *s, int width, char lines[][WRAP_LINE], size_t max)
{
	size_t nlines = 0;

	if (width < 1)
		width = 1;
	while (*s == ' ')
		s++;
	while (*s) {
		const char *end = s, *brk = NULL;
		int cols = 0;

		/* the longest run of whole words that fits */
		while (*end && cols < width) {
			end += cp_len(end);
			cols++;
			if (*end == ' ' || !*end)
				brk = end;
		}
		if (*end && *end != ' ' && brk)
			end = brk; /* do not cut the word that runs on */
		brk = end;
		while (brk > s && brk[-1] == ' ')
			brk--;
		if (nlines < max)
			put(lines[nlines], s, (size_t)(brk - s));
		nlines++;
		s = end;
		while (*s == ' ')
			s++;
	}
	return nlines;
}

const char *wrap_fit(const char *s, int width, const char *ellipsis, char *out,
		     size_t len)
{
	size_t n = strlen(s), b, cut;
	int cols;

	if (!len)
		return out;
	if (wrap_width(s) <= width || width < 1) {
		take(s, n, width < 1 ? 0 : width, &cols);
		b = width < 1 ? 0 : n;
		goto copy;
	}
	/* room for the words and the ellipsis */
	b = take(s, n, width - 1, &cols);
	cut = b;
	if (s[b] != ' ') {
		while (cut > 0 && s[cut - 1] != ' ')
			cut--;
		if (cut > 0) /* else one long word: cut it */
			b = cut;
	}
	while (b > 0 && s[b - 1] == ' ')
		b--;
	if (b + strlen(ellipsis) + 1 > len)
		b = len > strlen(ellipsis) + 1 ? len - strlen(ellipsis) - 1 : 0;
	memcpy(out, s, b);
	strcpy(out + b, ellipsis);
	return out;
copy:
	if (b >= len)
		b = len - 1;
	memcpy(out, s, b);
	out[b] = 0;
	return out;
}
