// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * step_driver: run a demo under the control channel (demos/control.h) the way
 * the tracer does, check every message it sends, and report what it saw.
 *
 *   step_driver [options] -- DEMO [DEMO-ARGS...]
 *
 *   --mode step|run         default step: answer "go" to each step
 *   --expect-steps N        exactly N step messages
 *   --expect-label L=N      label L exactly N times (repeatable); N = '*'
 *                           allows any number; with any --expect-label,
 *                           every label seen must be listed
 *   --expect-exit N         the demo's exit status (default 0)
 *   --quit-at N             answer step N with "quit" (implies exit 3)
 *   --kill-children-at N    at step N SIGKILL the demo's children, then go on
 *   --kill-at N             at step N SIGKILL the demo, then check that its
 *                           processes and private network namespaces are gone
 *   --term-at N             at step N send the demo SIGTERM (and no "go")
 *
 * Exit status 0 when the protocol was followed and every expectation held;
 * 1 otherwise, with the reason on stderr.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "demos/control_proto.h"

#define MAX_LABELS 64
#define MAX_PROCS 64

struct label_count {
	char label[CS_CONTROL_MSG_MAX + 1];
	long n;
};

static struct label_count seen[MAX_LABELS], expected[MAX_LABELS];
static int n_seen, n_expected;
static int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "step_driver: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failures++;
}

static void count_label(struct label_count *t, int *n, const char *label,
			long add)
{
	for (int i = 0; i < *n; i++) {
		if (!strcmp(t[i].label, label)) {
			t[i].n += add;
			return;
		}
	}
	if (*n == MAX_LABELS)
		return;
	snprintf(t[*n].label, sizeof(t[*n].label), "%s", label);
	t[(*n)++].n = add;
}

static void send_word(int fd, const char *w)
{
	if (send(fd, w, strlen(w), MSG_NOSIGNAL) < 0)
		fail("send %s: %s", w, strerror(errno));
}

/* Parent pid of pid from /proc/pid/stat, or -1. */
static pid_t ppid_of(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	int ppid = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')'); /* the name may contain spaces */
		if (p)
			sscanf(p + 2, "%*c %d", &ppid);
	}
	fclose(f);
	return ppid;
}

/* Every descendant of root (not root itself). */
static int descendants(pid_t root, pid_t *out, int max)
{
	int n = 0, grew = 1;

	while (grew) {
		DIR *d = opendir("/proc");
		struct dirent *e;

		grew = 0;
		if (!d)
			return n;
		while ((e = readdir(d))) {
			pid_t pid = (pid_t)atoi(e->d_name), pp;
			int known = 0;

			if (pid <= 0)
				continue;
			for (int i = 0; i < n; i++)
				known |= out[i] == pid;
			if (known)
				continue;
			pp = ppid_of(pid);
			if (pp <= 0)
				continue;
			int child = pp == root;

			for (int i = 0; i < n && !child; i++)
				child = pp == out[i];
			if (child && n < max) {
				out[n++] = pid;
				grew = 1;
			}
		}
		closedir(d);
	}
	return n;
}

static ino_t netns_of(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	return stat(path, &st) < 0 ? 0 : st.st_ino;
}

/* Is any process alive (not a zombie) in network namespace ns? */
static int netns_in_use(ino_t ns)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int used = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && !used) {
		pid_t pid = (pid_t)atoi(e->d_name);

		if (pid > 0 && netns_of(pid) == ns)
			used = 1;
	}
	closedir(d);
	return used;
}

static int alive(pid_t pid)
{
	char path[64], buf[512], *p, state = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')');
		if (p)
			state = p[2];
	}
	fclose(f);
	return state && state != 'Z' && state != 'X';
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * SIGKILL the demo mid-transfer and check that it leaves nothing: none of
 * its descendants survive, no process remains in a network namespace that
 * only the demo's processes used.
 */
static void kill_and_check(pid_t demo)
{
	pid_t procs[MAX_PROCS];
	ino_t ns[MAX_PROCS + 1], mine = netns_of(getpid());
	int n = descendants(demo, procs, MAX_PROCS), n_ns = 0, left;
	struct timespec t0;

	ns[n_ns++] = netns_of(demo);
	for (int i = 0; i < n; i++) {
		ino_t x = netns_of(procs[i]);
		int dup = 0;

		for (int j = 0; j < n_ns; j++)
			dup |= ns[j] == x;
		if (!dup)
			ns[n_ns++] = x;
	}
	/* Only namespaces other than ours are the demo's own. */
	for (int j = 0; j < n_ns; j++)
		if (ns[j] == mine || ns[j] == 0)
			ns[j--] = ns[--n_ns];

	kill(demo, SIGKILL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		left = 0;
		for (int i = 0; i < n; i++)
			left += alive(procs[i]);
		for (int j = 0; j < n_ns; j++)
			left += netns_in_use(ns[j]);
		if (left)
			usleep(20000);
	} while (left && ms_since(&t0) < 5000);

	printf("killed: %d descendants, %d private network namespaces\n", n,
	       n_ns);
	if (left) {
		for (int i = 0; i < n; i++)
			if (alive(procs[i]))
				fail("process %d survived the demo", procs[i]);
		for (int j = 0; j < n_ns; j++)
			if (netns_in_use(ns[j]))
				fail("network namespace %lu is still in use",
				     (unsigned long)ns[j]);
	} else {
		printf("cleanup: nothing left after %ld ms\n", ms_since(&t0));
	}
}

static void kill_children(pid_t demo)
{
	pid_t procs[MAX_PROCS];
	int n = descendants(demo, procs, MAX_PROCS), k = 0;

	for (int i = 0; i < n; i++) {
		if (ppid_of(procs[i]) == demo) {
			kill(procs[i], SIGKILL);
			k++;
		}
	}
	printf("killed %d children of the demo\n", k);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: step_driver [--mode step|run] [--expect-steps N]\n"
		"       [--expect-label LABEL=N]... [--expect-exit N]\n"
		"       [--quit-at N] [--kill-children-at N] [--kill-at N]\n"
		"       [--term-at N]\n"
		"       -- DEMO [ARGS...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long expect_steps = -1, quit_at = 0, kill_children_at = 0, kill_at = 0;
	long term_at = 0;
	int expect_exit = 0, step_mode = 1, sv[2], i, status = 0;
	enum cs_ctl_phase last_phase = 0;
	uint64_t last_ns = 0;
	long steps = 0, last_seq = 0, dropped = 0;
	int got_hello = 0, got_result = 0, killed = 0, transfers = 0;
	const char *demo_name;
	pid_t pid;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			usage();
		if (!strcmp(a, "--mode")) {
			step_mode = !strcmp(v, "step");
			if (!step_mode && strcmp(v, "run"))
				usage();
		} else if (!strcmp(a, "--expect-steps")) {
			expect_steps = atol(v);
		} else if (!strcmp(a, "--expect-label")) {
			const char *eq = strrchr(v, '=');
			char label[CS_CONTROL_MSG_MAX + 1];

			if (!eq || eq == v)
				usage();
			snprintf(label, sizeof(label), "%.*s", (int)(eq - v),
				 v);
			count_label(expected, &n_expected, label,
				    strcmp(eq + 1, "*") ? atol(eq + 1) : -1);
		} else if (!strcmp(a, "--expect-exit")) {
			expect_exit = atoi(v);
		} else if (!strcmp(a, "--quit-at")) {
			quit_at = atol(v);
			expect_exit = 3;
		} else if (!strcmp(a, "--kill-children-at")) {
			kill_children_at = atol(v);
		} else if (!strcmp(a, "--kill-at")) {
			kill_at = atol(v);
		} else if (!strcmp(a, "--term-at")) {
			term_at = atol(v);
		} else {
			usage();
		}
		i++;
	}
	if (i + 1 >= argc)
		usage();
	argv += i + 1;
	demo_name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		perror("socketpair");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		char fd[16];

		close(sv[0]);
		fcntl(sv[1], F_SETFD, 0); /* the demo inherits this end */
		snprintf(fd, sizeof(fd), "%d", sv[1]);
		setenv("COPYSCOPE_CONTROL_FD", fd, 1);
		setenv("COPYSCOPE_CONTROL_MODE", step_mode ? "step" : "run", 1);
		execv(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	close(sv[1]);

	for (;;) {
		char buf[CS_CONTROL_MSG_MAX + 8];
		struct cs_ctl_msg m;
		ssize_t n = recv(sv[0], buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (cs_ctl_parse(buf, (size_t)n, &m) < 0) {
			fail("malformed message '%.*s'", (int)n, buf);
			continue;
		}
		if (!got_hello && m.type != CS_CTL_HELLO)
			fail("first message is not hello: '%.*s'", (int)n, buf);
		if (got_result)
			fail("message after the result: '%.*s'", (int)n, buf);
		switch (m.type) {
		case CS_CTL_HELLO:
			if (got_hello++)
				fail("second hello");
			if (m.pid != (uint32_t)pid)
				fail("hello pid %u, demo is %d", m.pid, pid);
			if (strcmp(m.text, demo_name))
				fail("hello name %s, demo is %s", m.text,
				     demo_name);
			printf("hello %s\n", m.text);
			break;
		case CS_CTL_PHASE:
			/* setup, then (transfer, done)*, setup again between */
			if (!((m.phase == CS_CTL_PHASE_SETUP &&
			       (last_phase == 0 ||
				last_phase == CS_CTL_PHASE_DONE)) ||
			      (m.phase == CS_CTL_PHASE_TRANSFER &&
			       last_phase == CS_CTL_PHASE_SETUP) ||
			      (m.phase == CS_CTL_PHASE_DONE &&
			       last_phase == CS_CTL_PHASE_TRANSFER)))
				fail("phase %s after %s",
				     cs_ctl_phase_name(m.phase),
				     last_phase ?
					     cs_ctl_phase_name(last_phase) :
					     "nothing");
			if (m.ns < last_ns)
				fail("phase time goes backwards");
			last_ns = m.ns;
			last_phase = m.phase;
			transfers += m.phase == CS_CTL_PHASE_TRANSFER;
			break;
		case CS_CTL_STEP:
			if (last_phase != CS_CTL_PHASE_TRANSFER)
				fail("step %u outside the transfer phase",
				     m.seq);
			if (m.seq != last_seq + 1) {
				if (step_mode || m.seq <= last_seq)
					fail("step %u after step %ld", m.seq,
					     last_seq);
				else
					dropped += m.seq - last_seq - 1;
			}
			last_seq = m.seq;
			steps++;
			count_label(seen, &n_seen, m.text, 1);
			if (kill_at && m.seq == kill_at) {
				kill_and_check(pid);
				killed = 1;
				break;
			}
			if (term_at && m.seq == term_at) {
				kill(pid, SIGTERM);
				break;
			}
			if (kill_children_at && m.seq == kill_children_at)
				kill_children(pid);
			if (quit_at && m.seq == quit_at)
				send_word(sv[0], "quit");
			else if (step_mode)
				send_word(sv[0], "go");
			break;
		case CS_CTL_RESULT_OK:
			got_result = 1;
			printf("result ok %llu bytes\n",
			       (unsigned long long)m.bytes);
			break;
		case CS_CTL_RESULT_FAIL:
			got_result = 1;
			printf("result fail %s\n", m.text);
			break;
		default:
			fail("unexpected message '%.*s'", (int)n, buf);
		}
		if (killed)
			break;
	}
	waitpid(pid, &status, 0);

	printf("steps %ld (dropped %ld) in %d transfer phase(s)\n", steps,
	       dropped, transfers);
	for (i = 0; i < n_seen; i++)
		printf("  %ld x %s\n", seen[i].n, seen[i].label);
	if (killed) {
		printf("exit: killed\n");
		return failures ? 1 : 0;
	}
	if (WIFEXITED(status))
		printf("exit: %d\n", WEXITSTATUS(status));
	else
		printf("exit: signal %d\n", WTERMSIG(status));

	if (!got_hello)
		fail("no hello");
	if (!got_result && !term_at)
		fail("no result message");
	if (term_at) {
		/* The demo cleans up, then dies of the signal as usual. */
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
			fail("the demo did not die of SIGTERM");
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != expect_exit) {
		fail("exit status is not %d", expect_exit);
	}
	if (expect_exit == 0 && !term_at && last_phase != CS_CTL_PHASE_DONE)
		fail("last phase is not done");
	if (expect_steps >= 0 && steps != expect_steps)
		fail("%ld steps, expected %ld", steps, expect_steps);
	for (i = 0; i < n_expected; i++) {
		long got = 0;

		for (int j = 0; j < n_seen; j++)
			if (!strcmp(seen[j].label, expected[i].label))
				got = seen[j].n;
		if (expected[i].n >= 0 && got != expected[i].n)
			fail("label '%s' %ld times, expected %ld",
			     expected[i].label, got, expected[i].n);
	}
	for (i = 0; n_expected && i < n_seen; i++) {
		int listed = 0;

		for (int j = 0; j < n_expected; j++)
			listed |= !strcmp(seen[i].label, expected[j].label);
		if (!listed)
			fail("unexpected label '%s' (%ld times)", seen[i].label,
			     seen[i].n);
	}
	return failures ? 1 : 0;
}
