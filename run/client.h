/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * client.h - a client of 'copyscope serve' (serve_proto.h): ask for one of
 * our own processes, then take its records and, at the end, its counters.
 */
#ifndef COPYSCOPE_CLIENT_H
#define COPYSCOPE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "abi/copyscope.h"
#include "run/serve_proto.h"

struct srv_client {
	int fd;
	unsigned char in[2 * SRV_MSG_MAX];
	size_t len;
};

struct srv_events {
	void (*record)(const struct cs_hdr *rec, void *data);
	void (*counters)(uint32_t tgid, const struct cs_counters *c,
			 void *data);
	void *data;
	/* filled in as the messages come */
	bool answered; /* OK or ERR came */
	int err; /* ERR's errno, 0 for OK */
	char text[240];
	bool ended; /* END came */
	struct srv_end end;
	bool has_status;
	struct srv_status status;
};

/* Connect to the service at path.  0, or -errno with a sentence in err. */
int srv_connect(struct srv_client *c, const char *path, char *err,
		size_t errlen);

/*
 * Send one request; pid, flags and control_fd are TRACE's (see
 * serve_proto.h), 0, 0, -1 for the others.  0, or -errno.
 */
int srv_request(struct srv_client *c, enum srv_type type, pid_t pid,
		unsigned int flags, int control_fd);

/*
 * Handle every message that arrives within timeout_ms (-1: wait for one).
 * Returns 0; -EPIPE when the service closed the connection without an END
 * (it died); -EPROTO when it sent something broken.
 */
int srv_pump(struct srv_client *c, int timeout_ms, struct srv_events *ev);

void srv_close(struct srv_client *c);

#endif
