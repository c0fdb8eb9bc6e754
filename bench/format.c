// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * format.c - the measuring end of 'make bench-format': what 'copyscope
 * trace -o FILE' spends turning one record into one line.
 *
 *   format [-s SECONDS] [-r REPS] [-b BYTES] REC...
 *          loads every record of the recordings into memory, then for
 *          each output format (text lines, JSON lines) formats all of
 *          them to /dev/null, pass after pass for about SECONDS (default
 *          1), REPS times (default 5); prints a markdown table of ns per
 *          record: the median repetition, the fastest and the slowest.
 *          -b: a stdio buffer of BYTES (default: stdio's, st_blksize),
 *          to see what fewer write() calls save.
 *   format -w PREFIX REC...
 *          formats every record once into PREFIX.txt and PREFIX.json:
 *          cmp them between two builds to show that a change to the
 *          views left their output byte for byte the same.
 *
 * On a 2-CPU machine the tracer's CPU time is taken from the traced
 * program, so this cost is paid once per record the probe emits.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "abi/recording.h"
#include "views/event_json.h"
#include "views/event_text.h"

#define MAX_REPS 101

struct entry {
	size_t off; /* the record starts at arena + off */
	uint64_t base; /* its recording's start: what trace subtracts */
};

/* Every record of every recording, each 8-byte aligned as in the ring. */
struct corpus {
	char *arena;
	size_t used, cap;
	struct entry *e;
	size_t n, ncap;
};

struct format {
	const char *name;
	void (*one)(FILE *out, struct json *j, const struct cs_hdr *h,
		    uint64_t base);
};

static void text_one(FILE *out, struct json *j, const struct cs_hdr *h,
		     uint64_t base)
{
	(void)j;
	event_text(out, h, base);
}

static void json_one(FILE *out, struct json *j, const struct cs_hdr *h,
		     uint64_t base)
{
	(void)out;
	event_json(j, h, base);
}

static const struct format formats[] = {
	{ "text", text_one },
	{ "JSON", json_one },
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	*cap = need > 2 * *cap ? need : 2 * *cap;
	p = realloc(p, *cap * size);
	if (!p) {
		fputs("format: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void add_record(struct corpus *c, const void *rec, size_t size,
		       uint64_t base)
{
	size_t at = (c->used + 7) & ~(size_t)7;

	c->arena = grow(c->arena, &c->cap, at + size, 1);
	memcpy(c->arena + at, rec, size);
	c->used = at + size;
	c->e = grow(c->e, &c->ncap, c->n + 1, sizeof(*c->e));
	c->e[c->n].off = at;
	c->e[c->n++].base = base;
}

static int load(struct corpus *c, const char *path)
{
	_Alignas(8) char buf[CS_REC_MAX_RECORD];
	struct recording r;
	char err[256];
	FILE *f = fopen(path, "rb");
	size_t size;

	if (!f) {
		perror(path);
		return -1;
	}
	if (recording_open(&r, f, err, sizeof(err))) {
		fprintf(stderr, "format: %s: %s\n", path, err);
		fclose(f);
		return -1;
	}
	while ((size = recording_next(&r, buf, sizeof(buf))))
		add_record(c, buf, size, r.h.start_ts);
	fclose(f);
	return 0;
}

static const struct cs_hdr *record(const struct corpus *c, size_t i)
{
	return (const void *)(c->arena + c->e[i].off);
}

static void pass(const struct corpus *c, const struct format *fmt, FILE *out,
		 struct json *j)
{
	for (size_t i = 0; i < c->n; i++)
		fmt->one(out, j, record(c, i), c->e[i].base);
}

/* ns per record of one repetition: enough passes for about `secs`. */
static double repetition(const struct corpus *c, const struct format *fmt,
			 FILE *out, struct json *j, long passes)
{
	uint64_t t0 = now_ns();

	for (long p = 0; p < passes; p++)
		pass(c, fmt, out, j);
	fflush(out);
	return (double)(now_ns() - t0) / (double)passes / (double)c->n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void measure(const struct corpus *c, const struct format *fmt,
		    double secs, int reps, size_t bufsize)
{
	FILE *out = fopen("/dev/null", "w");
	double ns[MAX_REPS];
	struct json j;
	long passes;

	if (!out) {
		perror("/dev/null");
		exit(1);
	}
	if (bufsize)
		setvbuf(out, NULL, _IOFBF, bufsize);
	json_init(&j, out);
	/* one pass warms the caches and tells how many make `secs` */
	passes = (long)(secs * 1e9 / (repetition(c, fmt, out, &j, 1) * c->n));
	if (passes < 1)
		passes = 1;
	for (int r = 0; r < reps; r++)
		ns[r] = repetition(c, fmt, out, &j, passes);
	qsort(ns, reps, sizeof(ns[0]), cmp_double);
	printf("| %s | %zu | %.1f | %.1f | %.1f |\n", fmt->name, c->n,
	       ns[reps / 2], ns[0], ns[reps - 1]);
	fclose(out);
}

static int write_once(const struct corpus *c, const char *prefix)
{
	static const char *const ext[] = { "txt", "json" };
	char path[4096];

	for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
		struct json j;
		FILE *out;

		snprintf(path, sizeof(path), "%s.%s", prefix, ext[k]);
		out = fopen(path, "w");
		if (!out) {
			perror(path);
			return 1;
		}
		json_init(&j, out);
		pass(c, &formats[k], out, &j);
		if (fclose(out)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

static int usage(void)
{
	fputs("usage: format [-s SECONDS] [-r REPS] [-b BYTES] REC...\n"
	      "       format -w PREFIX REC...\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct corpus c = { 0 };
	const char *prefix = NULL;
	double secs = 1.0;
	size_t bufsize = 0;
	int reps = 5, opt;

	while ((opt = getopt(argc, argv, "s:r:b:w:")) != -1) {
		if (opt == 'b')
			bufsize = strtoul(optarg, NULL, 0);
		else if (opt == 's')
			secs = atof(optarg);
		else if (opt == 'r')
			reps = atoi(optarg);
		else if (opt == 'w')
			prefix = optarg;
		else
			return usage();
	}
	if (optind == argc || secs <= 0 || reps < 1 || reps > MAX_REPS)
		return usage();
	for (int i = optind; i < argc; i++)
		if (load(&c, argv[i]))
			return 1;
	if (!c.n) {
		fputs("format: no records\n", stderr);
		return 1;
	}
	if (prefix)
		return write_once(&c, prefix);
	printf("| format | records | ns/record (median of %d) | fastest | slowest |\n"
	       "|---|---|---|---|---|\n",
	       reps);
	for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++)
		measure(&c, &formats[k], secs, reps, bufsize);
	free(c.arena);
	free(c.e);
	return 0;
}
