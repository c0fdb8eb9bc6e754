/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * session.h - one tracing session: the probe, plus the process it watches
 * (a running one, -p PID, or a command started for it).  Used by trace,
 * report, demo and the TUI alike.
 */
#ifndef COPYSCOPE_SESSION_H
#define COPYSCOPE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "bpf/probe.h"
#include "run/targets.h"

struct session_opts {
	struct cs_probe_opts probe;
	bool no_fentry, no_kprobe; /* pretend these attach types fail */
	struct targets targets; /* trace these running processes */
	char *const *argv; /* or start this command */
	int keep_fd; /* an fd the command inherits (control channel), -1 */
	const struct run_as *user; /* run the command as this user; NULL */
	bool quiet_features; /* skip nothing: kept for symmetry */
};

void session_opts_default(struct session_opts *o);

struct ends;

struct session {
	struct cs_features feat;
	struct cs_probe *probe;
	pid_t pid; /* the traced process: the command, the first -p pid, or
		      0 when chosen by name or cgroup */
	bool launched; /* we started it: we reap it */
	int pidfd; /* readable when it has ended */
	pid_t pids[TARGETS_MAX_PIDS]; /* -p */
	int pidfds[TARGETS_MAX_PIDS]; /* theirs; -1 once it ended */
	size_t npidfds;
	bool open_ended; /* names or a cgroup: new processes may come */
	struct cs_proc *named; /* CS_EV_NAME records of the processes already
				  running, handed over by the first drain */
	size_t nnamed;
	bool named_sent;
	struct ends *ends; /* names the files and sockets (ends.h); NULL */
	cs_record_fn drain_fn; /* session_drain()'s, while it drains */
	void *drain_data;
	bool ended;
	int status; /* wait status when launched and ended */
	uint64_t start_ts; /* CLOCK_MONOTONIC ns when tracing began */
};

/*
 * Probe the kernel, load and attach, then attach to o->pid or start
 * o->argv.  On failure returns a negative errno and one actionable
 * sentence in err; *s is then cleaned up.
 */
int session_start(struct session *s, const struct session_opts *o, char *err,
		  size_t errlen);

/* Wait up to timeout_ms for the traced process to end; true once it has. */
bool session_wait(struct session *s, int timeout_ms);

/*
 * Hand every waiting record to fn (probe_consume), each system call's
 * record after the CS_EV_ENDPOINT records of the ends it names first.
 */
int session_drain(struct session *s, cs_record_fn fn, void *data);

/*
 * Start a recording of this session on f: its header (start time, traced
 * process, tier, kernel) naming what was traced.  0, or -errno.
 */
int session_record_begin(struct session *s, FILE *f, const char *what);

/*
 * A recording's last words: one CS_EV_COUNTERS record per traced process
 * with the kernel's exact counters (lost records included), written to f.
 * 0, or -1 when writing failed.
 */
int session_record_counters(struct session *s, FILE *f);

/* Detach and free everything (the launched command is not killed). */
void session_end(struct session *s);

/* CLOCK_MONOTONIC in ns: the clock of bpf_ktime_get_ns(). */
uint64_t monotonic_ns(void);

#endif
