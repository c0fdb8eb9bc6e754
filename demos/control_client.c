// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demos/cleanup.h"
#include "demos/control_client.h"
#include "demos/util.h"

static int ctl_fd = -1;
static int step_mode;
static uint32_t seq;

int ctl_active(void)
{
	return ctl_fd >= 0;
}

/* Send one message; blocking unless nowait.  Errors are ignored: a watcher
 * that went away shows up as a closed channel when we next wait. */
static void send_msg(const struct cs_ctl_msg *m, int nowait)
{
	char buf[CS_CONTROL_MSG_MAX + 1];
	int n;

	if (ctl_fd < 0)
		return;
	n = cs_ctl_format(buf, sizeof(buf), m);
	if (n < 0)
		return;
	while (send(ctl_fd, buf, (size_t)n,
		    MSG_NOSIGNAL | (nowait ? MSG_DONTWAIT : 0)) < 0 &&
	       errno == EINTR)
		;
}

int ctl_init(const char *demo_name)
{
	const char *fd_s = getenv(CS_CONTROL_FD_ENV);
	const char *mode = getenv(CS_CONTROL_MODE_ENV);
	struct cs_ctl_msg m;
	socklen_t len = sizeof(int);
	struct stat st;
	int type = 0;
	char *end;
	long fd;

	if (!fd_s)
		return 0;
	errno = 0;
	fd = strtol(fd_s, &end, 10);
	if (errno || *end || end == fd_s || fd < 0 || fd > 65535 ||
	    fstat((int)fd, &st) < 0 || !S_ISSOCK(st.st_mode) ||
	    getsockopt((int)fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    type != SOCK_SEQPACKET) {
		fprintf(stderr,
			"%s: %s=%s is not an open SOCK_SEQPACKET socket\n",
			demo_name, CS_CONTROL_FD_ENV, fd_s);
		return -1;
	}
	if (mode && strcmp(mode, "step") && strcmp(mode, "run")) {
		fprintf(stderr, "%s: %s must be step or run, not '%s'\n",
			demo_name, CS_CONTROL_MODE_ENV, mode);
		return -1;
	}
	step_mode = mode && !strcmp(mode, "step");
	ctl_fd = (int)fd;
	/* Nothing the demo might exec (none do today) inherits the channel. */
	fcntl(ctl_fd, F_SETFD, FD_CLOEXEC);
	unsetenv(CS_CONTROL_FD_ENV);
	unsetenv(CS_CONTROL_MODE_ENV);

	memset(&m, 0, sizeof(m));
	m.type = CS_CTL_HELLO;
	m.pid = (uint32_t)getpid();
	snprintf(m.text, sizeof(m.text), "%s", demo_name);
	send_msg(&m, 0);
	return 0;
}

void ctl_phase(enum cs_ctl_phase phase)
{
	struct cs_ctl_msg m;

	if (ctl_fd < 0)
		return;
	memset(&m, 0, sizeof(m));
	m.type = CS_CTL_PHASE;
	m.phase = phase;
	m.ns = now_ns();
	send_msg(&m, 0);
}

static void quit(void)
{
	ctl_result_fail("stopped by the watcher (quit)");
	cleanup_exit(CS_DEMO_EXIT_QUIT);
}

/* Step mode: block until "go"; anything but go/quit is ignored. */
static void wait_go(void)
{
	char buf[CS_CONTROL_MSG_MAX + 2];
	struct cs_ctl_msg m;

	for (;;) {
		ssize_t n = recv(ctl_fd, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			quit(); /* the watcher is gone */
		if (cs_ctl_parse(buf, (size_t)n, &m) < 0)
			continue;
		if (m.type == CS_CTL_GO)
			return;
		if (m.type == CS_CTL_QUIT)
			quit();
	}
}

/* Run mode: has a "quit" arrived?  Never blocks. */
static void poll_quit(void)
{
	char buf[CS_CONTROL_MSG_MAX + 2];
	struct cs_ctl_msg m;
	ssize_t n;

	while ((n = recv(ctl_fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		if (!cs_ctl_parse(buf, (size_t)n, &m) && m.type == CS_CTL_QUIT)
			quit();
	if (n == 0)
		quit();
}

void step(const char *fmt, ...)
{
	struct cs_ctl_msg m;
	va_list ap;

	if (ctl_fd < 0)
		return;
	memset(&m, 0, sizeof(m));
	m.type = CS_CTL_STEP;
	m.seq = ++seq;
	va_start(ap, fmt);
	vsnprintf(m.text, sizeof(m.text), fmt, ap);
	va_end(ap);
	if (step_mode) {
		send_msg(&m, 0);
		wait_go();
	} else {
		poll_quit();
		send_msg(&m, 1);
	}
}

void ctl_result_ok(uint64_t bytes, uint64_t ns)
{
	struct cs_ctl_msg m;

	if (ctl_fd < 0)
		return;
	memset(&m, 0, sizeof(m));
	m.type = CS_CTL_RESULT_OK;
	m.bytes = bytes;
	m.ns = ns;
	send_msg(&m, 0);
}

void ctl_result_fail(const char *msg)
{
	struct cs_ctl_msg m;

	if (ctl_fd < 0)
		return;
	memset(&m, 0, sizeof(m));
	m.type = CS_CTL_RESULT_FAIL;
	snprintf(m.text, sizeof(m.text), "%s", msg && *msg ? msg : "failed");
	send_msg(&m, 0);
}

void ctl_close_in_child(void)
{
	if (ctl_fd >= 0)
		close(ctl_fd);
	ctl_fd = -1;
}
