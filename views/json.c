// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* json.c - streaming JSON writer (see json.h). */
#include <math.h>
#include <string.h>

#include "views/escape.h"
#include "views/json.h"

void json_init(struct json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->first[0] = true;
}

size_t json_fmt_uint(char *buf, uint64_t v)
{
	/* two digits per division: half the divisions of digit by digit */
	static const char pairs[] = "00010203040506070809"
				    "10111213141516171819"
				    "20212223242526272829"
				    "30313233343536373839"
				    "40414243444546474849"
				    "50515253545556575859"
				    "60616263646566676869"
				    "70717273747576777879"
				    "80818283848586878889"
				    "90919293949596979899";
	char digits[JSON_NUM_LEN];
	char *p = digits + sizeof(digits);
	size_t n;

	/* from the lowest digits up, then copied to the front of buf */
	while (v >= 100) {
		const char *d = pairs + v % 100 * 2;

		v /= 100;
		*--p = d[1];
		*--p = d[0];
	}
	if (v >= 10) {
		*--p = pairs[v * 2 + 1];
		*--p = pairs[v * 2];
	} else {
		*--p = (char)('0' + v);
	}
	n = (size_t)(digits + sizeof(digits) - p);
	memcpy(buf, p, n);
	buf[n] = 0;
	return n;
}

size_t json_fmt_int(char *buf, int64_t v)
{
	/* negated as unsigned: INT64_MIN has no positive int64_t */
	if (v < 0) {
		buf[0] = '-';
		return 1 + json_fmt_uint(buf + 1, -(uint64_t)v);
	}
	return json_fmt_uint(buf, (uint64_t)v);
}

static void flush(struct json *j)
{
	if (j->len)
		fwrite(j->buf, 1, j->len, j->out);
	j->len = 0;
}

static void put_char(struct json *j, char c)
{
	if (j->len == sizeof(j->buf))
		flush(j);
	j->buf[j->len++] = c;
}

/* Byte by byte: the pieces are short, shorter than a call to memcpy. */
static void put(struct json *j, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_char(j, s[i]);
}

static bool plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c < 0x7f;
}

/* "\u00XX" */
static void put_u00(struct json *j, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

	put(j, u, sizeof(u));
}

/* The escape JSON needs for the ASCII c, which is not plain(). */
static void put_escape(struct json *j, unsigned char c)
{
	switch (c) {
	case '"':
		put(j, "\\\"", 2);
		break;
	case '\\':
		put(j, "\\\\", 2);
		break;
	case '\n':
		put(j, "\\n", 2);
		break;
	case '\t':
		put(j, "\\t", 2);
		break;
	case '\r':
		put(j, "\\r", 2);
		break;
	default:
		put_u00(j, c);
	}
}

/*
 * Names come from the traced system and may be any bytes: control
 * characters are escaped (RFC 8259 asks it of U+0000..U+001F; DEL and
 * the C1 controls U+0080..U+009F too, which some terminals obey), valid
 * UTF-8 passes, and a byte that is not UTF-8 becomes U+FFFD, the
 * replacement character, so that the output is always valid UTF-8
 * (doc/json.md).
 */
static void put_string(struct json *j, const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strnlen(s, max);
	uint32_t cp;

	put_char(j, '"');
	for (size_t i = 0; i < n;) {
		size_t len;

		if (plain(u[i])) {
			put_char(j, (char)u[i++]);
			continue;
		}
		if (u[i] < 0x80) {
			put_escape(j, u[i++]);
			continue;
		}
		len = esc_utf8(u + i, n - i, &cp);
		if (!len) {
			put(j, "\\ufffd", 6);
			i++;
		} else if (cp <= 0x9f) {
			put_u00(j, (unsigned char)cp);
			i += len;
		} else {
			put(j, s + i, len);
			i += len;
		}
	}
	put_char(j, '"');
}

/* A value is complete at depth 0: the line goes to the FILE. */
static void value_done(struct json *j)
{
	if (j->depth == 0)
		flush(j);
}

/* The separator and key before a member. */
static void member(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		put_char(j, ',');
	j->first[j->depth] = false;
	if (key) {
		put_string(j, key, strlen(key));
		put_char(j, ':');
	}
}

static void open(struct json *j, const char *key, char c)
{
	member(j, key);
	put_char(j, c);
	if (j->depth < JSON_MAX_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(struct json *j, char c)
{
	put_char(j, c);
	if (j->depth > 0)
		j->depth--;
	if (j->depth == 0) {
		/* one top-level value per line (JSON lines) */
		put_char(j, '\n');
		j->first[0] = true;
	}
	value_done(j);
}

void json_object_begin(struct json *j, const char *key)
{
	open(j, key, '{');
}

void json_object_end(struct json *j)
{
	close_(j, '}');
}

void json_array_begin(struct json *j, const char *key)
{
	open(j, key, '[');
}

void json_array_end(struct json *j)
{
	close_(j, ']');
}

void json_strn(struct json *j, const char *key, const char *v, size_t max)
{
	member(j, key);
	if (v)
		put_string(j, v, max);
	else
		put(j, "null", 4);
	value_done(j);
}

void json_str(struct json *j, const char *key, const char *v)
{
	json_strn(j, key, v, v ? strlen(v) : 0);
}

void json_int(struct json *j, const char *key, int64_t v)
{
	char num[JSON_NUM_LEN];

	member(j, key);
	put(j, num, json_fmt_int(num, v));
	value_done(j);
}

void json_uint(struct json *j, const char *key, uint64_t v)
{
	char num[JSON_NUM_LEN];

	member(j, key);
	put(j, num, json_fmt_uint(num, v));
	value_done(j);
}

void json_micros(struct json *j, const char *key, uint64_t ns)
{
	char num[JSON_NUM_LEN + 4];
	size_t n = json_fmt_uint(num, ns / 1000);
	unsigned frac = (unsigned)(ns % 1000);

	num[n++] = '.';
	num[n++] = (char)('0' + frac / 100);
	num[n++] = (char)('0' + frac / 10 % 10);
	num[n++] = (char)('0' + frac % 10);
	member(j, key);
	put(j, num, n);
	value_done(j);
}

void json_double(struct json *j, const char *key, double v)
{
	char num[32];

	member(j, key);
	/* JSON has no NaN or infinity */
	if (isfinite(v))
		put(j, num, (size_t)snprintf(num, sizeof(num), "%.6g", v));
	else
		put(j, "null", 4);
	value_done(j);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	if (v)
		put(j, "true", 4);
	else
		put(j, "false", 5);
	value_done(j);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	put(j, "null", 4);
	value_done(j);
}
