// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* json.c - streaming JSON writer (see json.h). */
#include <math.h>
#include <string.h>

#include "views/json.h"

void json_init(struct json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->first[0] = true;
}

static void put_string(FILE *f, const char *s, size_t max)
{
	fputc('"', f);
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

/* The separator and key before a member. */
static void member(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->out);
	j->first[j->depth] = false;
	if (key) {
		put_string(j->out, key, strlen(key));
		fputc(':', j->out);
	}
}

static void open(struct json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->out);
	if (j->depth < JSON_MAX_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(struct json *j, char c)
{
	fputc(c, j->out);
	if (j->depth > 0)
		j->depth--;
	if (j->depth == 0) {
		/* one top-level value per line (JSON lines) */
		fputc('\n', j->out);
		j->first[0] = true;
	}
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
		put_string(j->out, v, max);
	else
		fputs("null", j->out);
}

void json_str(struct json *j, const char *key, const char *v)
{
	json_strn(j, key, v, v ? strlen(v) : 0);
}

void json_int(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	fprintf(j->out, "%lld", (long long)v);
}

void json_uint(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	fprintf(j->out, "%llu", (unsigned long long)v);
}

void json_double(struct json *j, const char *key, double v)
{
	member(j, key);
	/* JSON has no NaN or infinity */
	if (isfinite(v))
		fprintf(j->out, "%.6g", v);
	else
		fputs("null", j->out);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}
