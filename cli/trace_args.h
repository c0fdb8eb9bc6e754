/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* trace_args.h - options of 'copyscope trace', parsed without side effects. */
#ifndef COPYSCOPE_TRACE_ARGS_H
#define COPYSCOPE_TRACE_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "run/targets.h"

/*
 * copyscope's own nice value while it traces: the consumer of the records
 * then takes CPU time only where the traced program leaves some
 * (bench/overhead.md measures the difference).
 */
#define TRACE_NICE_DEFAULT 10

struct trace_args {
	struct targets targets; /* -p, -n, --cgroup */
	char **argv; /* after --: the command, NULL-terminated */
	bool json;
	bool text; /* the plain text stream, even on a terminal */
	bool quiet; /* no events, only the counters at the end */
	bool io_only; /* records only for system calls that move data */
	bool counters_only; /* no records at all: kernel counters only */
	bool syscall_times; /* -T: entry times, for each call's duration */
	bool follow; /* children and threads (default) */
	bool report; /* the comparison table at the end */
	uint64_t flow_min; /* --flow-min: smaller flows fold into "other" */
	bool verbose;
	bool help;
	int tier; /* CS_TIER_NONE: auto */
	size_t ringbuf; /* bytes */
	int nice; /* --nice: 0 to 19 */
	double duration; /* seconds; 0: until the process ends */
	const char *output; /* -o FILE */
	const char *record; /* --record FILE: raw records for replay and tests */
	const char *user; /* -u USER: run the command as USER */
	const char *socket; /* --socket PATH: through 'copyscope serve' */
};

/*
 * Parse argv (argv[0] is "trace").  Returns 0, or -1 with one sentence in
 * err.  argv is not modified; args->argv points into it.
 */
int trace_args_parse(struct trace_args *a, int argc, char **argv, char *err,
		     size_t errlen);

/* "64K", "8M", "1G", "4096": bytes; -1 on error. */
int64_t parse_size(const char *s);

extern const char trace_usage[];

#endif
