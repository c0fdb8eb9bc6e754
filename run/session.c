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

#include "abi/record.h"
#include "abi/recording.h"
#include "run/ends.h"
#include "run/privilege.h"
#include "run/serve_proto.h"
#include "run/session.h"
#include "run/session_remote.h"

/* pidfds[] of a pid without one (old kernel): asked with kill(pid, 0) */
#define NO_PIDFD (-2)
/* the names still being looked for when the traced command has ended */
#define ENDS_LAST_WAIT_MS 500

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

/* What a session through the service asks of it beyond the pid. */
static unsigned int remote_flags(const struct session_opts *o)
{
	return o->probe.entry_times ? SRV_TRACE_ENTRY_TIMES : 0;
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

	if (s->remote) {
		ret = remote_trace(s, pid,
				   SRV_TRACE_FROM_EXEC | remote_flags(o),
				   o->probe.control_fd, err, errlen);
	} else {
		ret = probe_trace_from_exec(s->probe, pid);
		if (ret)
			snprintf(err, errlen, "cannot arm the tracer: %s",
				 strerror(-ret));
	}
	if (ret) {
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

/*
 * A CS_EV_NAME record for a process already running: the model and the
 * counters then name it from the start.
 */
static void name_record(struct cs_proc *r, const struct target_proc *tp,
			uint64_t ts)
{
	memset(r, 0, sizeof(*r));
	r->h.ts = ts;
	r->h.type = CS_EV_NAME;
	r->h.size = sizeof(*r);
	r->h.pid = r->h.tgid = (uint32_t)tp->pid;
	memcpy(r->comm, tp->comm, sizeof(r->comm));
	memcpy(r->path, tp->path, sizeof(r->path));
}

/*
 * Trace the running processes the targets choose (with the trees under
 * the pids unless --no-follow), once the probe is attached: children
 * forked from here on are the kernel side's.
 */
static int attach(struct session *s, const struct session_opts *o, char *err,
		  size_t errlen)
{
	const struct targets *t = &o->targets;
	struct target_proc *procs;
	ssize_t n;

	s->start_ts = monotonic_ns();
	n = targets_scan(t, o->probe.follow_forks, &procs);
	if (n < 0) {
		snprintf(err, errlen, "cannot read /proc: %s", strerror(-n));
		return (int)n;
	}
	s->named = calloc(n ? n : 1, sizeof(*s->named));
	if (!s->named) {
		free(procs);
		return -ENOMEM;
	}
	for (ssize_t i = 0; i < n; i++) {
		/* through the service: each must be ours, or none is traced */
		if (s->remote) {
			int ret = remote_trace(s, procs[i].pid, remote_flags(o),
					       -1, err, errlen);

			if (ret == -ESRCH)
				continue;
			if (ret) {
				free(procs);
				return ret;
			}
		} else if (probe_trace_process(s->probe, procs[i].pid) <= 0) {
			/* gone since the scan: nothing to trace */
			continue;
		}
		name_record(&s->named[s->nnamed++], &procs[i], s->start_ts);
	}
	free(procs);
	for (size_t i = 0; i < t->npids; i++) {
		s->pids[i] = t->pids[i];
		s->pidfds[i] = pidfd_open_(t->pids[i]);
		s->npidfds = i + 1;
		if (s->pidfds[i] < 0 && errno == ESRCH) {
			snprintf(err, errlen, "no process with pid %d",
				 (int)t->pids[i]);
			return -ESRCH;
		}
		if (s->pidfds[i] < 0)
			s->pidfds[i] = NO_PIDFD;
	}
	s->pid = t->npids ? t->pids[0] : 0;
	s->open_ended = t->nnames || t->cgroup;
	return 0;
}

/*
 * Through the service: the user's own processes only, chosen here (no
 * selection in the kernel for one client), started as the user.
 */
static int open_remote(struct session *s, const struct session_opts *o,
		       const char *path, char *err, size_t errlen)
{
	int ret;

	if (o->user || o->targets.nnames || o->targets.cgroup) {
		snprintf(err, errlen,
			 "through the tracing service, no %s: it traces your "
			 "own processes, by pid or as commands you start",
			 o->user	   ? "-u" :
			 o->targets.nnames ? "-n" :
					     "--cgroup");
		return -EINVAL;
	}
	ret = remote_open(s, path, err, errlen);
	if (!ret && o->probe.forced_tier != CS_TIER_NONE &&
	    o->probe.forced_tier != remote_tier(s)) {
		snprintf(err, errlen,
			 "the tracing service at %s uses the %s tier, not %s",
			 path, tier_name(remote_tier(s)),
			 tier_name(o->probe.forced_tier));
		return -EINVAL;
	}
	return ret;
}

int session_start(struct session *s, const struct session_opts *o, char *err,
		  size_t errlen)
{
	char comms[TARGETS_MAX_NAMES][CS_COMM_LEN];
	struct cs_probe_opts po = o->probe;
	char note[8];
	int ret, tier;

	memset(s, 0, sizeof(*s));
	s->pidfd = -1;
	if (!o->argv && !targets_any(&o->targets)) {
		snprintf(
			err, errlen,
			"nothing to trace: give -p PID, -n NAME, --cgroup DIR or -- CMD");
		return -EINVAL;
	}
	if (!o->argv && targets_check(&o->targets, &po.cgroup_id, note,
				      sizeof(note), err, errlen))
		return -ESRCH;
	if (o->socket) {
		ret = open_remote(s, o, o->socket, err, errlen);
		goto started;
	}
	for (size_t i = 0; !o->argv && i < o->targets.nnames; i++)
		targets_comm_key(o->targets.names[i], comms[i]);
	po.comms = comms;
	po.ncomms = o->argv ? 0 : o->targets.nnames;
	/* a forced tier needs no probe of the others */
	tier = o->probe.forced_tier;
	features_probe(&s->feat,
		       o->no_fentry || tier == CS_TIER_KPROBE ||
			       tier == CS_TIER_TRACEPOINT,
		       o->no_kprobe || tier == CS_TIER_FENTRY ||
			       tier == CS_TIER_TRACEPOINT,
		       true);
	ret = probe_open(&s->probe, &po, &s->feat, err, errlen);
	/* no privilege to load the programs: the machine's service may */
	if (ret == -EPERM && o->service_fallback &&
	    !access(SRV_SOCKET_DEFAULT, F_OK))
		ret = open_remote(s, o, SRV_SOCKET_DEFAULT, err, errlen);
	else if (ret == -EPERM && o->service_fallback)
		snprintf(err + strlen(err), errlen - strlen(err),
			 "; or, on a shared machine, through a tracing "
			 "service ('copyscope serve', " SRV_SOCKET_DEFAULT
			 " or --socket PATH)");
started:
	if (ret) {
		session_end(s);
		return ret;
	}
	ret = o->argv ? launch(s, o, err, errlen) : attach(s, o, err, errlen);
	if (ret) {
		session_end(s);
		return ret;
	}
	/*
	 * Now, while this process may still read any /proc/PID/fd (ends.h);
	 * after the command, which stays its first child.  Without it the
	 * ends keep their short names.
	 */
	/* through the service: our own processes, with our own rights */
	if (o->names)
		s->ends = ends_new(!s->remote);
	return 0;
}

/* Whether every -p process has ended: their pidfds, polled together. */
static bool pids_ended(struct session *s, int timeout_ms)
{
	struct pollfd p[TARGETS_MAX_PIDS];
	size_t n = 0, left = 0;

	for (size_t i = 0; i < s->npidfds; i++)
		if (s->pidfds[i] >= 0)
			p[n++] = (struct pollfd){ .fd = s->pidfds[i],
						  .events = POLLIN };
	if (n) {
		poll(p, n, timeout_ms);
	} else {
		struct timespec ts = { 0, timeout_ms * 1000000L };

		nanosleep(&ts, NULL);
	}
	for (size_t i = 0; i < s->npidfds; i++) {
		for (size_t k = 0; k < n; k++)
			if (p[k].fd == s->pidfds[i] && p[k].revents) {
				close(s->pidfds[i]);
				s->pidfds[i] = -1;
			}
		if (s->pidfds[i] == NO_PIDFD && kill(s->pids[i], 0) &&
		    errno == ESRCH)
			s->pidfds[i] = -1;
		left += s->pidfds[i] != -1;
	}
	return s->npidfds && !left;
}

bool session_wait(struct session *s, int timeout_ms)
{
	struct pollfd p = { .fd = s->pidfd, .events = POLLIN };

	if (s->ended)
		return true;
	if (!s->launched) {
		/* names or a cgroup: until stopped, more may start */
		if (pids_ended(s, timeout_ms) && !s->open_ended)
			s->ended = true;
		return s->ended;
	}
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
	if (s->ended)
		waitpid(s->pid, &s->status, 0);
	else if (waitpid(s->pid, &s->status, WNOHANG) == s->pid)
		s->ended = true;
	return s->ended;
}

static void with_ends(const struct cs_hdr *rec, void *data)
{
	struct session *s = data;

	ends_record(s->ends, rec, s->drain_fn, s->drain_data);
	s->drain_fn(rec, s->drain_data);
}

int session_drain(struct session *s, cs_record_fn fn, void *data)
{
	int ret;

	/* the names of what ran before the trace, before anything it did */
	if (!s->named_sent) {
		for (size_t i = 0; i < s->nnamed; i++)
			fn(&s->named[i].h, data);
		s->named_sent = true;
	}
	if (!s->ends)
		return s->remote ? remote_drain(s, fn, data) :
				   probe_consume(s->probe, fn, data);
	s->drain_fn = fn;
	s->drain_data = data;
	ends_poll(s->ends, fn, data, 0);
	ret = s->remote ? remote_drain(s, with_ends, s) :
			  probe_consume(s->probe, with_ends, s);
	/* the last drain: the names still being looked for, a moment */
	ends_poll(s->ends, fn, data, s->ended ? ENDS_LAST_WAIT_MS : 0);
	return ret;
}

int session_tier(const struct session *s)
{
	return s->remote ? remote_tier(s) : probe_tier(s->probe);
}

int session_counters(struct session *s, uint32_t tgid, struct cs_counters *c)
{
	return s->remote ? remote_counters(s, tgid, c) :
			   probe_counters(s->probe, tgid, c);
}

uint32_t session_next_process(struct session *s, uint32_t tgid)
{
	return s->remote ? remote_next_process(s, tgid) :
			   probe_next_process(s->probe, tgid);
}

uint64_t session_drops(struct session *s)
{
	return s->remote ? remote_drops(s) : probe_drops(s->probe);
}

uint64_t session_missed_runs(struct session *s)
{
	return s->remote ? remote_missed_runs(s) : probe_missed_runs(s->probe);
}

void session_stop(struct session *s)
{
	if (s->remote)
		remote_finish(s);
	else
		probe_stop(s->probe);
}

void session_end(struct session *s)
{
	remote_close(s);
	probe_close(s->probe);
	s->probe = NULL;
	ends_free(s->ends);
	s->ends = NULL;
	if (s->pidfd >= 0)
		close(s->pidfd);
	s->pidfd = -1;
	for (size_t i = 0; i < s->npidfds; i++)
		if (s->pidfds[i] >= 0)
			close(s->pidfds[i]);
	s->npidfds = 0;
	free(s->named);
	s->named = NULL;
	s->nnamed = 0;
}

int session_record_begin(struct session *s, FILE *f, const char *what)
{
	struct cs_rec_header h = { 0 };

	h.start_ts = s->start_ts;
	h.pid = (uint32_t)s->pid;
	h.tier = (uint32_t)session_tier(s);
	snprintf(h.kernel, sizeof(h.kernel), "%.63s", s->feat.release);
	snprintf(h.what, sizeof(h.what), "%.63s", what);
	return recording_begin(f, &h);
}

int session_record_counters(struct session *s, FILE *f)
{
	struct cs_counters_rec r;
	uint32_t tgid = 0;
	int ret = 0;

	while ((tgid = session_next_process(s, tgid))) {
		memset(&r, 0, sizeof(r));
		if (session_counters(s, tgid, &r.c))
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
