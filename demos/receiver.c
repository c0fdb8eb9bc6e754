// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demos/cleanup.h"
#include "demos/control_client.h"
#include "demos/pattern.h"
#include "demos/receiver.h"
#include "demos/util.h"

/* The same for every demo, so that they are compared fairly. */
#define RECV_BUF (256 * 1024)

/*
 * The next piece of the stream: into buf, or (--discard) dropped by the
 * kernel.  On a TCP socket MSG_TRUNC takes up to len bytes off the receive
 * queue and frees them without copying anything to user space (tcp(7)).  buf
 * is NULL then: a kernel that tried to copy anyway would fail with EFAULT
 * instead of costing a copy unnoticed.
 */
static ssize_t next_piece(int fd, char *buf, bool compare)
{
	if (compare)
		return recv(fd, buf, RECV_BUF, 0);
	return recv(fd, NULL, RECV_BUF, MSG_TRUNC);
}

void receiver_serve(int lfd, struct recv_report *out, bool compare)
{
	struct recv_report rep = { .bad_offset = -1, .compared = compare };
	char *buf = compare ? malloc(RECV_BUF) : NULL;
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	close(lfd);
	if ((compare && !buf) || fd < 0) {
		rep.err = errno;
		goto report;
	}
	for (;;) {
		ssize_t n = next_piece(fd, buf, compare);
		int64_t bad;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rep.err = errno;
			break;
		}
		if (n == 0)
			break; /* the sender closed: end of the stream */
		rep.last_ns = now_ns();
		rep.calls++;
		if (compare && rep.bad_offset < 0) {
			bad = pattern_check(buf, rep.bytes, (size_t)n);
			if (bad >= 0)
				rep.bad_offset = (int64_t)rep.bytes + bad;
		}
		rep.bytes += (uint64_t)n;
	}
report:
	rep.done = 1;
	*out = rep; /* the parent reads it after reaping this process */
	_exit(0);
}

int receiver_share(struct receiver *r, char *err, size_t errlen)
{
	void *m = mmap(NULL, sizeof(*r->shared), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		snprintf(err, errlen, "receiver: shared report page: %s",
			 strerror(errno));
		return -1;
	}
	r->shared = m;
	return 0;
}

static void unshare_report(struct receiver *r)
{
	if (r->shared)
		munmap(r->shared, sizeof(*r->shared));
	r->shared = NULL;
}

int receiver_start_loopback(struct receiver *r, int cpu, bool compare,
			    char *err, size_t errlen)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	pid_t parent = getpid();
	int lfd, fd = -1;

	r->pid = -1;
	if (receiver_share(r, err, errlen) < 0)
		return -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen) < 0) {
		snprintf(err, errlen, "receiver: listen on 127.0.0.1: %s",
			 strerror(errno));
		goto fail;
	}
	r->pid = fork();
	if (r->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (r->pid == 0) {
		int keep[] = { lfd };

		ctl_close_in_child();
		close_other_fds(keep, 1);
		if (cleanup_child(parent) < 0)
			_exit(1);
		pin_to_cpu(cpu);
		receiver_serve(lfd, r->shared, compare);
	}
	cleanup_add_pid(r->pid);
	close(lfd);
	lfd = -1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		snprintf(err, errlen, "connect to the receiver: %s",
			 strerror(errno));
		receiver_kill(r);
		goto fail;
	}
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	unshare_report(r);
	return -1;
}

static void describe_exit(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "exited with status %d",
			 WEXITSTATUS(status));
}

int receiver_finish(struct receiver *r, struct recv_result *res, char *err,
		    size_t errlen)
{
	int got, status = 0;
	char how[96];

	memset(res, 0, sizeof(*res));
	while (wait4(r->pid, &status, 0, &res->ru) < 0 && errno == EINTR)
		;
	cleanup_del_pid(r->pid);
	got = r->shared && r->shared->done;
	if (got)
		res->rep = *r->shared;
	unshare_report(r);
	if (!got) {
		describe_exit(status, how, sizeof(how));
		snprintf(err, errlen,
			 "the receiver (pid %d) died before reporting: it %s",
			 (int)r->pid, how);
		r->pid = -1;
		return -1;
	}
	r->pid = -1;
	if (res->rep.err) {
		snprintf(err, errlen, "the receiver failed: %s",
			 strerror(res->rep.err));
		return -1;
	}
	return 0;
}

void receiver_kill(struct receiver *r)
{
	if (r->pid > 0) {
		kill(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
		cleanup_del_pid(r->pid);
	}
	r->pid = -1;
	unshare_report(r);
}
