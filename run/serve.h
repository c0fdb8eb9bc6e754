/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * serve.h - 'copyscope serve': one tracing engine for the whole machine.
 * It loads and attaches the BPF programs once and serves unprivileged
 * clients on a Unix socket (serve_proto.h), each only its own processes.
 */
#ifndef COPYSCOPE_SERVE_H
#define COPYSCOPE_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct serve_opts {
	const char *socket; /* path to listen on (unless systemd passes one) */
	gid_t gid; /* the socket's group (mode 0660) */
	size_t client_buf; /* bytes of records held for a slow client */
	bool verbose; /* a line on stderr per client */
};

/*
 * Serve until SIGTERM or SIGINT; every client then gets its counters and
 * an END.  Returns 0, or 1 with one sentence on stderr.
 */
int serve_run(const struct serve_opts *o);

/* The real uid of process pid, from /proc; -1 when it is gone. */
int serve_real_uid(pid_t pid, uid_t *uid);

#endif
