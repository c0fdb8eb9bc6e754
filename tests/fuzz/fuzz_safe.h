/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * fuzz_safe.h - the fuzz targets' check that what the views write is safe
 * for a terminal, whatever names the input held: valid UTF-8, and no
 * control byte (nor DEL, nor a C1 character) but the writer's own
 * newlines.  A failure aborts, which libFuzzer reports as a crash.
 */
#ifndef COPYSCOPE_FUZZ_SAFE_H
#define COPYSCOPE_FUZZ_SAFE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "views/escape.h"

struct safe_out {
	char *buf;
	size_t len;
	FILE *f;
};

static inline FILE *safe_open(struct safe_out *o)
{
	if (!o->f)
		o->f = open_memstream(&o->buf, &o->len);
	if (!o->f)
		abort();
	return o->f;
}

/*
 * Check what was written since the last check, then forget it.
 * one_line: a single line, its newline last (a text record); otherwise
 * newlines anywhere (JSON: raw control bytes cannot be in a string, so
 * every newline is the writer's).
 */
static inline void safe_check(struct safe_out *o, bool one_line)
{
	const unsigned char *u;
	uint32_t cp;

	if (fflush(o->f))
		abort();
	u = (const unsigned char *)o->buf;
	for (size_t i = 0; i < o->len;) {
		size_t l = esc_utf8(u + i, o->len - i, &cp);

		if (!l)
			abort(); /* invalid UTF-8 */
		if (cp == '\n') {
			if (one_line && i + 1 != o->len)
				abort(); /* a newline from a name */
		} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			abort(); /* a control character from a name */
		}
		i += l;
	}
	rewind(o->f);
	o->len = 0;
}

#endif
