/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * json.h - the one JSON writer: every --json output goes through it, so
 * quoting and number formats are the same everywhere.  Streaming, no
 * allocation; nesting up to JSON_MAX_DEPTH.  A top-level value is built
 * in the writer's buffer and reaches the FILE when it is complete (or
 * when the buffer is full): one fwrite per line instead of a stdio call
 * per character and a printf per number, which were most of 'trace
 * --json's CPU time.
 */
#ifndef COPYSCOPE_JSON_H
#define COPYSCOPE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16
#define JSON_BUF_LEN 1024 /* more than a record's line */

struct json {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH]; /* no member written yet at this depth */
	size_t len; /* bytes in buf not yet given to out */
	char buf[JSON_BUF_LEN];
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
/* ns as microseconds with three decimals, exactly: 1234567 -> 1234.567 */
void json_micros(struct json *j, const char *key, uint64_t ns);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);

/*
 * v in decimal exactly as printf's %llu (%lld) writes it, without
 * printf's cost: the views write several numbers for every probe record.
 * buf holds at least JSON_NUM_LEN bytes; returns the length (a NUL
 * follows).
 */
#define JSON_NUM_LEN 21
size_t json_fmt_uint(char *buf, uint64_t v);
size_t json_fmt_int(char *buf, int64_t v);

#endif
