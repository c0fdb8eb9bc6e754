/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * session_remote.h - a session through the tracing service ('copyscope
 * serve', serve_proto.h) instead of a probe of its own: for a user who
 * cannot load the programs.  Only session.c uses it; everyone else sees a
 * session, whichever way its records come.
 *
 * The service streams the records of the client's processes as they
 * come, and their exact counters only at the end: once the traced
 * process has ended, the next drain asks for them (STOP) and hands over
 * every record up to the service's END, so that nothing the last calls
 * wrote is missed, as a probe's last drain does.
 */
#ifndef COPYSCOPE_SESSION_REMOTE_H
#define COPYSCOPE_SESSION_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bpf/probe.h"
#include "run/session.h"

/*
 * Connect to the service at path and learn its tier and kernel.  0, or
 * -errno with a sentence in err: -EPERM not allowed (not in its group),
 * -ENOTCONN not there, or gone (so too from remote_trace).
 */
int remote_open(struct session *s, const char *path, char *err, size_t errlen);
/*
 * Ask the service for pid (flags: SRV_TRACE_*), one of ours; control_fd:
 * the demo's control channel in it, or -1.  0, or -errno with the
 * service's sentence in err (-EPERM: not ours).
 */
int remote_trace(struct session *s, pid_t pid, unsigned int flags,
		 int control_fd, char *err, size_t errlen);
int remote_drain(struct session *s, cs_record_fn fn, void *data);
/* No more wanted: the next drain ends the session there (session_stop). */
void remote_finish(struct session *s);
int remote_tier(const struct session *s);
int remote_counters(const struct session *s, uint32_t tgid,
		    struct cs_counters *c);
uint32_t remote_next_process(const struct session *s, uint32_t tgid);
uint64_t remote_drops(const struct session *s);
uint64_t remote_missed_runs(const struct session *s);
void remote_close(struct session *s);

#endif
