/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * json.h - the one JSON writer: every --json output goes through it, so
 * quoting and number formats are the same everywhere.  Streaming, no
 * allocation; nesting up to JSON_MAX_DEPTH.
 */
#ifndef COPYSCOPE_JSON_H
#define COPYSCOPE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH]; /* no member written yet at this depth */
};

void json_init(struct json *j, FILE *out);
/* key is NULL at the top level and inside arrays. */
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j); /* at depth 0 also ends the line */
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_str(struct json *j, const char *key, const char *v);
/* A string of at most max bytes that may lack its NUL (kernel names). */
void json_strn(struct json *j, const char *key, const char *v, size_t max);
void json_int(struct json *j, const char *key, int64_t v);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_double(struct json *j, const char *key, double v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);

#endif
