// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * client.c - the client side of the service's socket (client.h).  What
 * the service sends is checked by srv_parse() before it is used.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "run/client.h"

int srv_connect(struct srv_client *c, const char *path, char *err,
		size_t errlen)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int e;

	memset(c, 0, sizeof(*c));
	if (strlen(path) >= sizeof(a.sun_path)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return -ENAMETOOLONG;
	}
	strcpy(a.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	if (connect(c->fd, (struct sockaddr *)&a, sizeof(a))) {
		e = errno;
		snprintf(err, errlen,
			 "cannot reach the tracing service at %s: %s%s", path,
			 strerror(e),
			 e == EACCES ? " (are you in the group '" SRV_GROUP
				       "'? log in again after being added)" :
			 e == ENOENT || e == ECONNREFUSED ?
				       " (is 'copyscope serve' running?)" :
				       "");
		close(c->fd);
		c->fd = -1;
		return -e;
	}
	return 0;
}

int srv_request(struct srv_client *c, enum srv_type type, pid_t pid,
		unsigned int flags, int control_fd)
{
	struct srv_trace t;
	size_t len = type == SRV_TRACE ? sizeof(t) : sizeof(t.h);

	memset(&t, 0, sizeof(t));
	srv_hdr_init(&t.h, type, len);
	t.pid = pid;
	t.flags = flags;
	t.control_fd = control_fd;
	if (send(c->fd, &t, len, MSG_NOSIGNAL) != (ssize_t)len)
		return -EPIPE;
	return 0;
}

static void handle(const unsigned char *m, struct srv_events *ev)
{
	struct srv_hdr h;

	memcpy(&h, m, sizeof(h));
	switch (h.type) {
	case SRV_OK:
		ev->answered = true;
		ev->err = 0;
		break;
	case SRV_ERR: {
		struct srv_err e;

		memcpy(&e, m, sizeof(e));
		ev->answered = true;
		ev->err = e.err > 0 ? e.err : EPROTO;
		snprintf(ev->text, sizeof(ev->text), "%s", e.text);
		break;
	}
	case SRV_RECORD:
		if (ev->record) {
			/* aligned for the record's fields */
			_Alignas(8) unsigned char rec[SRV_MSG_MAX];

			memcpy(rec, m + sizeof(h), h.len - sizeof(h));
			ev->record((const struct cs_hdr *)(const void *)rec,
				   ev->data);
		}
		break;
	case SRV_COUNTERS: {
		struct srv_counters sc;

		memcpy(&sc, m, sizeof(sc));
		if (ev->counters)
			ev->counters(sc.tgid, &sc.c, ev->data);
		break;
	}
	case SRV_END:
		memcpy(&ev->end, m, sizeof(ev->end));
		ev->ended = true;
		break;
	case SRV_STATUS_REPLY:
		memcpy(&ev->status, m, sizeof(ev->status));
		ev->has_status = true;
		break;
	}
}

int srv_pump(struct srv_client *c, int timeout_ms, struct srv_events *ev)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	ssize_t r;
	int n;

	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	for (;;) {
		r = recv(c->fd, c->in + c->len, sizeof(c->in) - c->len,
			 MSG_DONTWAIT);
		if (r < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -EPIPE;
		if (r == 0)
			return ev->ended ? 0 : -EPIPE;
		c->len += (size_t)r;
		while ((n = srv_parse(c->in, c->len, SRV_FROM_SERVICE)) > 0) {
			handle(c->in, ev);
			memmove(c->in, c->in + n, c->len - (size_t)n);
			c->len -= (size_t)n;
		}
		if (n < 0)
			return -EPROTO;
		if (ev->ended)
			return 0;
	}
}

void srv_close(struct srv_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
