// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * demo_run.c - a bundled demo under the tracer.
 *
 * The control channel is a SOCK_SEQPACKET socketpair: the demo inherits one
 * end (its number in COPYSCOPE_CONTROL_FD), we keep the other.  The BPF
 * side is told that fd number so that the demo's talk with us is not
 * counted as part of the lesson.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "run/demo_run.h"
#include "run/privilege.h"

static bool executable(const char *path)
{
	return !access(path, X_OK);
}

int demo_find(const char *program, char *path, size_t len)
{
	const char *env = getenv("COPYSCOPE_DEMO_DIR");
	char self[PATH_MAX];
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(path, len, "%s/%s", env, program);
		return executable(path) ? 0 : -ENOENT;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -errno;
	self[n] = 0;
	slash = strrchr(self, '/');
	if (!slash)
		return -ENOENT;
	*slash = 0;
	snprintf(path, len, "%s/demos/%s", self, program);
	if (executable(path))
		return 0;
	snprintf(path, len, "%s/../libexec/copyscope/%s", self, program);
	if (executable(path))
		return 0;
	return -ENOENT;
}

#define MAX_ARGS 32

int demo_run_start(struct demo_run *d, const struct demo_info *info,
		   const struct demo_opts *o, const struct session_opts *base,
		   char *err, size_t errlen)
{
	static struct run_as user; /* one demo runs at a time */
	char path[PATH_MAX], size[32], chunk[32], pin[64], fdnum[16];
	char *argv[MAX_ARGS];
	struct session_opts so = *base;
	int sv[2], argc = 0, ret;

	memset(d, 0, sizeof(*d));
	d->ctl = -1;
	d->info = info;
	d->step = o->step;
	if (demo_find(info->program, path, sizeof(path))) {
		snprintf(err, errlen,
			 "cannot find the demo program '%s' (looked in "
			 "$COPYSCOPE_DEMO_DIR, demos/ next to copyscope and "
			 "../libexec/copyscope); build it with 'make'",
			 info->program);
		return -ENOENT;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		snprintf(err, errlen, "cannot create the control channel: %s",
			 strerror(errno));
		return -errno;
	}
	argv[argc++] = path;
	if (info->variant)
		argv[argc++] = (char *)info->variant;
	argv[argc++] = o->cold ? "--cold" : "--warm";
	if (o->size) {
		snprintf(size, sizeof(size), "--size=%llu", o->size);
		argv[argc++] = size;
	}
	if (o->chunk) {
		snprintf(chunk, sizeof(chunk), "--chunk=%llu", o->chunk);
		argv[argc++] = chunk;
	}
	if (o->pin) {
		snprintf(pin, sizeof(pin), "--pin=%s", o->pin);
		argv[argc++] = pin;
	}
	for (int i = 0; o->extra && o->extra[i] && argc < MAX_ARGS - 1; i++)
		argv[argc++] = o->extra[i];
	argv[argc] = NULL;

	/* the demo's end keeps its number across fork and exec */
	snprintf(fdnum, sizeof(fdnum), "%d", sv[1]);
	setenv(CS_CONTROL_FD_ENV, fdnum, 1);
	setenv(CS_CONTROL_MODE_ENV, o->step ? "step" : "run", 1);
	so.argv = argv;
	so.socket = o->socket;
	so.service_fallback = true;
	/* under sudo the demo needs no root: it runs as the user */
	if (!so.user && !o->socket && !run_as_demo_user(&user, info->name))
		so.user = &user;
	so.keep_fd = sv[1];
	so.probe.control_fd = sv[1];
	ret = session_start(&d->s, &so, err, errlen);
	unsetenv(CS_CONTROL_FD_ENV);
	unsetenv(CS_CONTROL_MODE_ENV);
	close(sv[1]);
	if (ret) {
		close(sv[0]);
		return ret;
	}
	d->ctl = sv[0];
	fcntl(d->ctl, F_SETFL, fcntl(d->ctl, F_GETFL) | O_NONBLOCK);
	return 0;
}

static void to_record(const struct demo_run *d, const struct cs_ctl_msg *m,
		      struct cs_phase *r)
{
	memset(r, 0, sizeof(*r));
	r->h.size = sizeof(*r);
	r->h.pid = r->h.tgid = d->s.pid;
	if (m->type == CS_CTL_PHASE) {
		r->h.type = CS_EV_PHASE;
		r->h.ts = m->ns; /* the demo's own CLOCK_MONOTONIC reading */
		r->phase = m->phase;
		snprintf(r->label, sizeof(r->label), "phase %s",
			 cs_ctl_phase_name(m->phase));
	} else {
		r->h.type = CS_EV_STEP;
		r->h.ts = monotonic_ns();
		r->phase = m->seq;
		snprintf(r->label, sizeof(r->label), "%.*s", (int)sizeof(r->label) - 1, m->text);
	}
}

int demo_run_control(struct demo_run *d, demo_ctl_fn fn, void *data)
{
	char buf[CS_CONTROL_MSG_MAX + 2];
	struct cs_ctl_msg m;
	struct cs_phase rec;
	int n = 0;

	if (d->ctl < 0)
		return 0;
	for (;;) {
		ssize_t len = recv(d->ctl, buf, sizeof(buf), 0);

		if (len < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? n : -errno;
		if (len == 0) { /* the demo closed its end: it is done */
			close(d->ctl);
			d->ctl = -1;
			return n;
		}
		if (cs_ctl_parse(buf, len, &m))
			continue; /* not ours to act on; never trust it */
		n++;
		if (m.type == CS_CTL_RESULT_OK) {
			d->finished = d->ok = true;
			d->bytes = m.bytes;
			d->ns = m.ns;
		} else if (m.type == CS_CTL_RESULT_FAIL) {
			d->finished = true;
			snprintf(d->fail, sizeof(d->fail), "%s", m.text);
		}
		if (m.type == CS_CTL_PHASE || m.type == CS_CTL_STEP) {
			to_record(d, &m, &rec);
			if (fn)
				fn(&m, &rec, data);
		} else if (fn) {
			fn(&m, NULL, data);
		}
	}
}

static int say(struct demo_run *d, const char *word)
{
	if (d->ctl < 0)
		return -EPIPE;
	if (send(d->ctl, word, strlen(word), MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

int demo_run_go(struct demo_run *d)
{
	return say(d, "go");
}

int demo_run_quit(struct demo_run *d)
{
	return say(d, "quit");
}

void demo_run_end(struct demo_run *d)
{
	if (d->ctl >= 0)
		close(d->ctl);
	d->ctl = -1;
	session_end(&d->s);
}
