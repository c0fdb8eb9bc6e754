/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * demo_run.h - run one bundled demo under the tracer, with its control
 * channel (demos/control.h): the TUI, 'copyscope demo' and 'copyscope
 * report' all start demos through here.
 */
#ifndef COPYSCOPE_DEMO_RUN_H
#define COPYSCOPE_DEMO_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "demos/control_proto.h"
#include "run/session.h"

/* The bundled demos, in tour order. */
struct demo_info {
	const char *name; /* "read_write": the menu and 'copyscope demo NAME' */
	const char *program; /* binary in the demo directory */
	const char *variant; /* extra argument ("--variant=splice") or NULL */
	const char *title; /* "read() + write()" */
	const char *summary; /* one line for the tour */
	bool to_socket; /* a file-to-socket transfer: a row of the table */
};

extern const struct demo_info demo_list[];
extern const size_t demo_count;

const struct demo_info *demo_lookup(const char *name);

/*
 * Where the demo programs are: $COPYSCOPE_DEMO_DIR, else demos/ next to
 * the copyscope binary (the build tree), else ../libexec/copyscope from
 * it (an installed copy).  Writes the path of program into path.
 */
int demo_find(const char *program, char *path, size_t len);

struct demo_opts {
	bool step; /* wait for demo_run_go() before each I/O call */
	bool cold; /* evict the file from the page cache first */
	unsigned long long size; /* bytes; 0: the demo's default */
	unsigned long long chunk; /* bytes; 0: the demo's default */
	const char *pin; /* "CPU" or "CPU1,CPU2"; NULL: no pinning */
	char *const *extra; /* more demo arguments, NULL-terminated, or NULL */
	/*
	 * Through the tracing service at this path; NULL: only when the
	 * programs cannot be loaded here and the machine's service exists
	 * (session_opts.socket).  The demo runs as its user either way.
	 */
	const char *socket;
};

struct demo_run {
	struct session s;
	const struct demo_info *info;
	int ctl; /* our end of the control channel (non-blocking) */
	bool step;
	bool finished; /* the demo sent its result */
	bool ok; /* ... and it was "ok" */
	unsigned long long bytes; /* from "result ok" */
	unsigned long long ns;
	char fail[CS_CONTROL_MSG_MAX + 1]; /* from "result fail" */
};

/* Start the demo under the probe.  err: one sentence on failure. */
int demo_run_start(struct demo_run *d, const struct demo_info *info,
		   const struct demo_opts *o, const struct session_opts *base,
		   char *err, size_t errlen);

/*
 * Read every control message waiting (never blocks).  Each is passed to fn
 * with, for phase and step messages, the record the model and recordings
 * take (CS_EV_PHASE / CS_EV_STEP, timestamped on the probe's clock); rec is
 * NULL for the others.  Returns the number of messages, or -errno.
 */
typedef void (*demo_ctl_fn)(const struct cs_ctl_msg *m,
			    const struct cs_phase *rec, void *data);
int demo_run_control(struct demo_run *d, demo_ctl_fn fn, void *data);

/* Step mode: let the announced system call run. */
int demo_run_go(struct demo_run *d);
/* Ask the demo to stop cleanly (it exits 3). */
int demo_run_quit(struct demo_run *d);

void demo_run_end(struct demo_run *d);

#endif
