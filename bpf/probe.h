/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * probe.h - the loader: open -> configure -> load -> attach the BPF side,
 * then hand its records and counters to user space.
 */
#ifndef COPYSCOPE_PROBE_H
#define COPYSCOPE_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "abi/copyscope.h"
#include "bpf/features.h"

#define CS_RINGBUF_DEFAULT (4u << 20)

struct cs_probe_opts {
	size_t ringbuf_bytes; /* rounded up to a power of two; 0: default */
	uint64_t emit_mask; /* 1 << enum cs_type per streamed type; 0: none */
	bool follow_forks; /* trace children and threads too */
	bool all_syscalls; /* a record for every call, not only data movers */
	bool entry_times; /* time each call from its entry (a second program
			     on every system call of every process) */
	bool entry_times_on_demand; /* the service: load that program, attach
				       it only while probe_entry_times() */
	int forced_tier; /* CS_TIER_NONE: the best that works */
	int control_fd; /* a demo's control channel fd, not counted; -1 */
	bool control_fd_per_process; /* the service: probe_control_fd() */
	bool verbose; /* pass libbpf's messages to stderr */
	/* processes that start later, chosen in the kernel (select.bpf.h) */
	uint64_t cgroup_id; /* cgroup v2 id; 0: none */
	const char (*comms)[CS_COMM_LEN]; /* NUL-padded names */
	size_t ncomms;
};

void probe_opts_default(struct cs_probe_opts *o);

/* One program of the BPF object and what became of it. */
struct cs_prog_state {
	const char *name; /* BPF program name */
	const char *target; /* tracepoint or kernel function */
	const char *kind; /* "tp_btf", "fexit", "kprobe", ... */
	bool loaded; /* chosen and loaded */
	bool attached;
	bool required; /* copyscope cannot work without it */
	int err; /* positive errno when attach failed */
	const char *why; /* why it was not loaded, or NULL */
};

struct cs_probe;

/*
 * Open, configure, load and attach.  f: the features found by
 * features_probe().  On failure returns a negative errno and writes one
 * actionable sentence to err.
 */
int probe_open(struct cs_probe **out, const struct cs_probe_opts *o,
	       const struct cs_features *f, char *err, size_t errlen);

/* Start tracing a thread; probe_trace_process() adds all its threads. */
void probe_trace(struct cs_probe *p, pid_t tid);
int probe_trace_process(struct cs_probe *p, pid_t pid);
/* Stop tracing a thread (and forget an exec armed for it). */
void probe_untrace(struct cs_probe *p, pid_t tid);
/* Threads in the kernel filter now. */
uint64_t probe_traced_count(struct cs_probe *p);
/* Start tracing pid at its next exec (a command copyscope launches). */
int probe_trace_from_exec(struct cs_probe *p, pid_t pid);

/*
 * With entry_times_on_demand: attach (on) or detach the entry program.
 * Every system call of every process pays for it while it is attached.
 * 0, or -errno.
 */
int probe_entry_times(struct cs_probe *p, bool on);

/*
 * With control_fd_per_process: calls of process tgid on fd are its talk
 * with copyscope, not counted (fd < 0: forget it).  0, or -errno.
 */
int probe_control_fd(struct cs_probe *p, pid_t tgid, int fd);

typedef void (*cs_record_fn)(const struct cs_hdr *rec, void *data);

/*
 * Hand every record waiting in the ring buffer to fn, without sleeping.
 * Records that fail record_check() are counted in probe_bad_records().
 * Returns how many records were handed over, or a negative errno.
 */
int probe_consume(struct cs_probe *p, cs_record_fn fn, void *data);

/* Exact counters of one process; -ENOENT when it was never traced. */
int probe_counters(struct cs_probe *p, uint32_t tgid, struct cs_counters *c);
/*
 * Forget tgid's counters: its slot is free for another process, its
 * spill entry gone.  For a probe that outlives the processes it counts
 * (the service): a reused pid must start from zero, and the slots must
 * not run out.  Only for a process no longer traced.
 */
void probe_forget(struct cs_probe *p, uint32_t tgid);
/* Next traced process after tgid (0 to start); 0 at the end. */
uint32_t probe_next_process(struct cs_probe *p, uint32_t tgid);
/* Records lost because the ring buffer was full (all processes). */
uint64_t probe_drops(struct cs_probe *p);
uint64_t probe_bad_records(struct cs_probe *p);
/*
 * Program runs the kernel skipped, all programs (recursion_misses): a
 * program already running on a CPU is not run again from a context that
 * interrupted it, so its event makes neither a record nor a count.
 */
uint64_t probe_missed_runs(struct cs_probe *p);

/* The tier in use, and per copy-path function. */
int probe_tier(const struct cs_probe *p);
int probe_fn_tier(const struct cs_probe *p, int fn);
/* Every program with its state, for doctor and -v. */
const struct cs_prog_state *probe_programs(const struct cs_probe *p, int *n);

/*
 * Stop every program, and wait until none is still running: from then on
 * no record is written and no counter moves, so the records left in the
 * ring buffer, drained, add up to the counters read after.  The maps stay
 * readable until probe_close().
 */
void probe_stop(struct cs_probe *p);
void probe_close(struct cs_probe *p);

#endif
