// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * session.c - attach to a process or start a command under the probe.
 *
 * A started command is forked first and waits on a pipe; the probe is
 * told to trace it from its exec on; then it is released and execs.  An
 * exec failure comes back through a close-on-exec pipe as an errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi/recording.h"
#include "run/session.h"
#include "run/privilege.h"

uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void session_opts_default(struct session_opts *o)
{
	memset(o, 0, sizeof(*o));
	probe_opts_default(&o->probe);
	o->keep_fd = -1;
}

static int pidfd_open_(pid_t pid)
{
	return syscall(SYS_pidfd_open, pid, 0);
}

/* The child: wait for the go byte, then exec; report failure by errno. */
static void child(char *const *argv, int go, int report, int keep_fd,
		  const struct run_as *user)
{
	char c;
	int e;

	/* the default dispositions, not copyscope's handlers */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGXFSZ, SIG_DFL); /* outfile.c ignores it */
	if (keep_fd >= 0)
		fcntl(keep_fd, F_SETFD, 0);
	if (read(go, &c, 1) != 1)
		_exit(127);
	close(go);
	/* as the user (-u), with their groups; traced all the same */
	e = user ? -run_as_become(user) : 0;
	if (!e) {
		execvp(argv[0], argv);
		e = errno;
	}
	if (write(report, &e, sizeof(e)) != sizeof(e))
		_exit(127);
	_exit(127);
}

static int launch(struct session *s, const struct session_opts *o, char *err,
		  size_t errlen)
{
	int go[2], report[2], e = 0, ret;
	ssize_t n;
	pid_t pid;

	if (pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(report, O_CLOEXEC)) {
		ret = -errno;
		close(go[0]);
		close(go[1]);
		return ret;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot fork: %s", strerror(errno));
		goto cleanup;
	}
	if (pid == 0) {
		close(go[1]);
		close(report[0]);
		child(o->argv, go[0], report[1], o->keep_fd, o->user);
	}
	s->pid = pid;
	s->launched = true;
	close(go[0]);
	go[0] = -1;
	close(report[1]);
	report[1] = -1;

	ret = probe_trace_from_exec(s->probe, pid);
	if (ret) {
		snprintf(err, errlen, "cannot arm the tracer: %s",
			 strerror(-ret));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto cleanup;
	}
	s->pidfd = pidfd_open_(pid);
	s->start_ts = monotonic_ns();
	if (write(go[1], "g", 1) != 1) {
		ret = -errno;
		goto cleanup;
	}
	/* EOF: exec succeeded (the pipe closed on exec); data: it failed */
	n = read(report[0], &e, sizeof(e));
	if (n == sizeof(e)) {
		waitpid(pid, &s->status, 0);
		s->ended = true;
		snprintf(err, errlen, "cannot run '%s': %s", o->argv[0],
			 strerror(e));
		ret = -e;
		goto cleanup;
	}
	ret = 0;
cleanup:
	if (go[1] >= 0)
		close(go[1]);
	if (report[0] >= 0)
		close(report[0]);
	return ret;
}

static int attach(struct session *s, pid_t pid, char *err, size_t errlen)
{
	int n;

	if (pid <= 0 || (kill(pid, 0) && errno == ESRCH)) {
		snprintf(err, errlen, "no process with pid %d", (int)pid);
		return -ESRCH;
	}
	s->pid = pid;
	s->pidfd = pidfd_open_(pid);
	if (s->pidfd < 0 && errno == ESRCH) {
		snprintf(err, errlen, "no process with pid %d", (int)pid);
		return -ESRCH;
	}
	s->start_ts = monotonic_ns();
	n = probe_trace_process(s->probe, pid);
	if (n <= 0) {
		snprintf(err, errlen, "cannot list the threads of pid %d: %s",
			 (int)pid, strerror(n ? -n : ESRCH));
		return n ? n : -ESRCH;
	}
	return 0;
}

int session_start(struct session *s, const struct session_opts *o, char *err,
		  size_t errlen)
{
	int ret, tier;

	memset(s, 0, sizeof(*s));
	s->pidfd = -1;
	if (!o->argv && o->pid <= 0) {
		snprintf(err, errlen, "nothing to trace: give -p PID or -- CMD");
		return -EINVAL;
	}
	if (o->pid > 0 && kill(o->pid, 0) && errno == ESRCH) {
		snprintf(err, errlen, "no process with pid %d", (int)o->pid);
		return -ESRCH;
	}
	/* a forced tier needs no probe of the others */
	tier = o->probe.forced_tier;
	features_probe(&s->feat,
		       o->no_fentry || tier == CS_TIER_KPROBE ||
			       tier == CS_TIER_TRACEPOINT,
		       o->no_kprobe || tier == CS_TIER_FENTRY ||
			       tier == CS_TIER_TRACEPOINT,
		       true);
	ret = probe_open(&s->probe, &o->probe, &s->feat, err, errlen);
	if (ret)
		return ret;
	ret = o->argv ? launch(s, o, err, errlen) : attach(s, o->pid, err, errlen);
	if (ret) {
		session_end(s);
		return ret;
	}
	return 0;
}

bool session_wait(struct session *s, int timeout_ms)
{
	struct pollfd p = { .fd = s->pidfd, .events = POLLIN };

	if (s->ended)
		return true;
	if (s->pidfd >= 0) {
		if (poll(&p, 1, timeout_ms) > 0)
			s->ended = true;
	} else {
		/* no pidfd (old kernel): ask every time */
		struct timespec ts = { 0, timeout_ms * 1000000L };

		nanosleep(&ts, NULL);
		if (kill(s->pid, 0) && errno == ESRCH)
			s->ended = true;
	}
	if (s->ended && s->launched)
		waitpid(s->pid, &s->status, 0);
	else if (s->launched && waitpid(s->pid, &s->status, WNOHANG) == s->pid)
		s->ended = true;
	return s->ended;
}

int session_drain(struct session *s, cs_record_fn fn, void *data)
{
	return probe_consume(s->probe, fn, data);
}

void session_end(struct session *s)
{
	probe_close(s->probe);
	s->probe = NULL;
	if (s->pidfd >= 0)
		close(s->pidfd);
	s->pidfd = -1;
}

int session_record_begin(struct session *s, FILE *f, const char *what)
{
	struct cs_rec_header h = { 0 };

	h.start_ts = s->start_ts;
	h.pid = (uint32_t)s->pid;
	h.tier = (uint32_t)probe_tier(s->probe);
	snprintf(h.kernel, sizeof(h.kernel), "%.63s", s->feat.release);
	snprintf(h.what, sizeof(h.what), "%.63s", what);
	return recording_begin(f, &h);
}

int session_record_counters(struct session *s, FILE *f)
{
	struct cs_counters_rec r;
	uint32_t tgid = 0;
	int ret = 0;

	while ((tgid = probe_next_process(s->probe, tgid))) {
		memset(&r, 0, sizeof(r));
		if (probe_counters(s->probe, tgid, &r.c))
			continue;
		r.h.ts = monotonic_ns();
		r.h.type = CS_EV_COUNTERS;
		r.h.size = sizeof(r);
		r.h.pid = r.h.tgid = tgid;
		if (recording_write(f, &r.h))
			ret = -1;
	}
	return ret;
}
