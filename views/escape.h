/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * escape.h - strings from the traced system (process names, exec paths,
 * file and socket names) or from a recording, made safe to show.
 *
 * They are written by whatever program copyscope watches, so they may hold
 * terminal escape sequences (a title change, an OSC 52 clipboard write, a
 * redrawn screen), newlines that forge output lines, or bytes that are not
 * UTF-8.  Text output escapes them as strace does: "\33" for ESC, "\n",
 * "\t", "\r", "\\", and "\xNN" for every other control byte, every C1
 * control character (U+0080..U+009F, which some terminals obey) and every
 * byte that is not part of valid UTF-8.  Valid multi-byte UTF-8 passes.
 * The JSON writer (json.c) has its own rules on top of esc_utf8().
 */
#ifndef COPYSCOPE_ESCAPE_H
#define COPYSCOPE_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Room for the escaped form of n bytes (each at worst "\xNN") and a NUL. */
#define ESC_SIZE(n) (4 * (n) + 1)

/*
 * The valid UTF-8 sequence at s (n bytes available): its length (1..4),
 * with its code point in *cp; 0 when s does not start one (a stray
 * continuation byte, an overlong form, a surrogate, beyond U+10FFFF, or
 * cut short).
 */
size_t esc_utf8(const unsigned char *s, size_t n, uint32_t *cp);

/* Whether s (at most max bytes, up to a NUL) needs any escape. */
bool esc_needed(const char *s, size_t max);

/*
 * s (at most max bytes, up to a NUL: a kernel name may lack it) escaped
 * into dst of cap bytes, always NUL-terminated; an escape or a character
 * is never cut in two.  Returns the length written.
 */
size_t esc_text(char *dst, size_t cap, const char *s, size_t max);

/* esc_text() for printf's "%s": returns dst. */
const char *esc_str(char *dst, size_t cap, const char *s, size_t max);

/* s escaped, written to out. */
void esc_fputs(FILE *out, const char *s, size_t max);

#endif
