// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* escape.c - untrusted strings made safe to show (see escape.h). */
#include <string.h>

#include "views/escape.h"

static bool cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t esc_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0; /* a continuation byte, C0/C1 (overlong) or F5..FF */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (!cont(s[i]))
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates and beyond Unicode are not UTF-8 */
	if (v < min || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;
	*cp = v;
	return len;
}

/* How s[0..] is shown: the bytes to copy as they are (0: escape s[0]). */
static size_t plain_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = esc_utf8(s, n, cp);

	if (!len || *cp < 0x20 || *cp == '\\' || (*cp >= 0x7f && *cp <= 0x9f))
		return 0;
	return len;
}

bool esc_needed(const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strnlen(s, max);
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t len = plain_len(u + i, n - i, &cp);

		if (!len)
			return true;
		i += len;
	}
	return false;
}

/*
 * The escape of u[0] (not plain) into e; returns its length.  ESC is "\33"
 * as strace writes it, "\033" before an octal digit so that it reads back
 * as one byte.
 */
static size_t escape_one(char *e, const unsigned char *u, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	e[0] = '\\';
	switch (u[0]) {
	case '\\':
		e[1] = '\\';
		return 2;
	case '\n':
		e[1] = 'n';
		return 2;
	case '\t':
		e[1] = 't';
		return 2;
	case '\r':
		e[1] = 'r';
		return 2;
	case 0x1b:
		if (n > 1 && u[1] >= '0' && u[1] <= '7') {
			memcpy(e + 1, "033", 3);
			return 4;
		}
		memcpy(e + 1, "33", 2);
		return 3;
	}
	e[1] = 'x';
	e[2] = hex[u[0] >> 4];
	e[3] = hex[u[0] & 0xf];
	return 4;
}

size_t esc_text(char *dst, size_t cap, const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = s ? strnlen(s, max) : 0, out = 0;
	uint32_t cp;
	char e[4];

	if (!cap)
		return 0;
	for (size_t i = 0; i < n;) {
		size_t len = plain_len(u + i, n - i, &cp);
		const char *piece = s + i;

		if (len) {
			i += len;
		} else {
			len = escape_one(e, u + i, n - i);
			piece = e;
			i++;
		}
		if (out + len >= cap)
			break;
		memcpy(dst + out, piece, len);
		out += len;
	}
	dst[out] = 0;
	return out;
}

const char *esc_str(char *dst, size_t cap, const char *s, size_t max)
{
	esc_text(dst, cap, s, max);
	return dst;
}

void esc_fputs(FILE *out, const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strnlen(s, max);
	uint32_t cp;
	char e[4];

	for (size_t i = 0; i < n;) {
		size_t len = plain_len(u + i, n - i, &cp);

		if (len) {
			fwrite(s + i, 1, len, out);
			i += len;
		} else {
			fwrite(e, 1, escape_one(e, u + i, n - i), out);
			i++;
		}
	}
}
