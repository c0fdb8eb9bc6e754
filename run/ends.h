/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ends.h - the full names of what the system calls read and write: each
 * (dev, ino) a system call record names gets one CS_EV_ENDPOINT record
 * (abi/copyscope.h), made from /proc/PID/fd/N, and handed on with the
 * records.  The same bytes then reach the model, the output and a
 * recording, so that a replay has the names.
 *
 * Cheap on a busy trace: a (dev, ino) is looked up in a table of the ones
 * already named, and /proc is read only for a new one (and a few times
 * more for one that could not be named yet: its fd already closed, a
 * socket not yet bound).
 *
 * Reading another process's descriptors takes CAP_SYS_PTRACE (and
 * CAP_DAC_READ_SEARCH for another user's), which a tracing session drops
 * once attached.  A session's resolver is therefore a small process of
 * its own, forked before the drop, that keeps those two and nothing else,
 * takes (pid, fd, dev, ino) and answers with a name: it never sees a
 * record.  It answers in its own time (on a busy machine it waits for a
 * CPU, up to milliseconds), which the records do not wait for: a name
 * comes after the first record that named its end.  A client of the
 * tracing service resolves in its own process, at once, with its own
 * rights: the service reads no one's /proc for it.
 */
#ifndef COPYSCOPE_ENDS_H
#define COPYSCOPE_ENDS_H

#include <stdbool.h>
#include <stdint.h>

#include "bpf/probe.h"

struct ends;

/*
 * helper: resolve in a helper process (forked now: before the caller
 * drops its capabilities); false: here, with the caller's rights.  NULL
 * when out of memory or the helper could not start.
 */
struct ends *ends_new(bool helper);
void ends_free(struct ends *e);

/*
 * rec is about to go to fn: each end it names that has no name yet is
 * looked for.  Resolving here, its CS_EV_ENDPOINT record goes to fn at
 * once (before rec); through the helper, at an ends_poll().
 */
void ends_record(struct ends *e, const struct cs_hdr *rec, cs_record_fn fn,
		 void *data);

/*
 * The helper's answers so far, as CS_EV_ENDPOINT records to fn; waiting
 * up to wait_ms for those still to come (the end of a trace).
 */
void ends_poll(struct ends *e, cs_record_fn fn, void *data, int wait_ms);

/* What naming cost, for trace -v. */
struct ends_stats {
	uint64_t looked; /* descriptors of system call records looked at */
	uint64_t asked; /* of those, looked up in /proc */
	uint64_t named; /* endpoint records made */
	uint64_t tables; /* /proc/PID/net tables read */
	uint64_t ns; /* time spent asking, CLOCK_MONOTONIC */
};
void ends_stats(const struct ends *e, struct ends_stats *out);

#endif
