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
	/*
	 * Through the tracing service ('copyscope serve') at this path,
	 * without loading anything here; or, with service_fallback, through
	 * the machine's service (SRV_SOCKET_DEFAULT, when it exists) when
	 * loading the programs is not permitted.  The service traces only
	 * the user's own processes: no -u, -n or --cgroup through it.
	 */
	const char *socket;
	bool service_fallback;
	/*
	 * Name the files and sockets the calls use fully (CS_EV_ENDPOINT
	 * records, ends.h): a helper process reads /proc.  A demo's are
	 * known; a traced program's are not.
	 */
	bool names;
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
	struct session_remote *remote; /* through the service: no probe */
};

/*
 * Probe the kernel, load and attach, then attach to o->pid or start
 * o->argv.  On failure returns a negative errno and one actionable
 * sentence in err; *s is then cleaned up.  -EPERM: not permitted (to
 * load the programs, or by the service: not the user's process);
 * -ENOTCONN: the tracing service could not be reached, or went away.
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

/*
 * What the session learned, whichever way its records came (its own probe
 * or the service): the tier, a process's exact counters (-ENOENT when
 * unknown; through the service, known once the process has ended and the
 * last drain came back), the next process counted after tgid (0 to
 * start, 0 at the end), records lost and program runs skipped.
 */
int session_tier(const struct session *s);
int session_counters(struct session *s, uint32_t tgid, struct cs_counters *c);
uint32_t session_next_process(struct session *s, uint32_t tgid);
uint64_t session_drops(struct session *s);
uint64_t session_missed_runs(struct session *s);
/*
 * Through the service, once it has ended: records lost in the client's
 * own buffer there, and by the kernel's one ring buffer meanwhile (all
 * users).  False with a probe of its own.
 */
bool session_service_losses(const struct session *s, uint64_t *own,
			    uint64_t *ring);
/* The service's socket when the session goes through it, else NULL. */
const char *session_service(const struct session *s);
/*
 * Through the service: NULL while all is well, else one sentence ("the
 * tracing service went away ...") and *gone, true when it died without
 * its counters (exit EXIT_NOSERVICE), false when it stopped and sent them.
 */
const char *session_service_trouble(const struct session *s, bool *gone);

/*
 * No more records or counts (probe_stop()): the last drain is complete.
 * Through the service, which cannot stop its programs for one client,
 * the next drain ends the session there and brings every record up to
 * its end and the counters, even while the traced processes live on.
 */
void session_stop(struct session *s);

/* Detach and free everything (the launched command is not killed). */
void session_end(struct session *s);

/* CLOCK_MONOTONIC in ns: the clock of bpf_ktime_get_ns(). */
uint64_t monotonic_ns(void);

#endif
