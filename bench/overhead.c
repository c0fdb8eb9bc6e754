// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * overhead.c - the measuring end of 'make bench-overhead'.
 *
 * One small program with a few modes, so that every tracer (copyscope,
 * bpftrace, syscount, strace, perf trace) is timed by the same loop and
 * the same clock:
 *
 *   loop N [CPU]        N x read(/dev/zero, 1 byte); prints ns_per_call=
 *   stamp               prints start_ns= (now - $CS_BENCH_T0): run as the
 *                       command a tracer launches, it tells how long the
 *                       tracer took from its exec until it let the
 *                       command start (it releases it only once attached)
 *   timed -- CMD...     runs CMD with CS_BENCH_T0 set to the time just
 *                       before its exec; prints maxrss_kb= of CMD
 *   run MODE N CPU MARK -- TOOL ARGS...
 *                       MODE self: the loop is the tool's target; MODE
 *                       other: the tool traces an idle process while the
 *                       loop runs untraced.  "{PID}" in ARGS becomes the
 *                       target's pid.  The loop starts once the tool
 *                       printed a line containing MARK (it is attached);
 *                       prints ns_per_call=, ready_ns= and maxrss_kb=
 *   empty-tp [TP...]    attaches an empty BTF tracepoint program to each
 *                       TP (default: sys_enter and sys_exit), prints
 *                       "ready", waits for SIGINT: the floor every system
 *                       call tracer pays
 *
 * Every result is one key=value line on stdout, for bench/overhead.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define WARMUP_CALLS 20000
#define READY_TIMEOUT_MS 30000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int usage(void)
{
	fputs("usage: overhead loop N [CPU]\n"
	      "       overhead stamp\n"
	      "       overhead timed -- CMD [ARGS...]\n"
	      "       overhead run self|other N CPU MARK -- TOOL [ARGS...]\n"
	      "       overhead empty-tp [TRACEPOINT...]\n"
	      "CPU -1: not pinned.  {PID} in ARGS: the traced process.\n",
	      stderr);
	return 2;
}

static int pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("overhead: sched_setaffinity");
		return -1;
	}
	return 0;
}

/*
 * Tools run from a background job inherit SIGINT ignored (the shell does
 * that to asynchronous commands): give them the default back, so that
 * Ctrl-C, and our SIGINT at the end, stop them as a user's would.
 */
static void default_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
}

/* The measured loop: ns per read() over n calls, after a warm-up. */
static double read_loop(long n)
{
	char c;
	uint64_t t0, t1;
	int fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror("overhead: /dev/zero");
		return -1;
	}
	for (long i = 0; i < WARMUP_CALLS; i++)
		if (read(fd, &c, 1) != 1)
			goto fail;
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (read(fd, &c, 1) != 1)
			goto fail;
	t1 = now_ns();
	close(fd);
	return (double)(t1 - t0) / (double)n;
fail:
	perror("overhead: read");
	close(fd);
	return -1;
}

static int cmd_loop(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	int cpu = argc > 3 ? atoi(argv[3]) : -1;
	double ns;

	if (n <= 0 || pin(cpu))
		return 1;
	ns = read_loop(n);
	if (ns < 0)
		return 1;
	printf("ns_per_call=%.1f\n", ns);
	return 0;
}

static int cmd_stamp(void)
{
	uint64_t now = now_ns();
	const char *t0 = getenv("CS_BENCH_T0");

	if (!t0) {
		fprintf(stderr, "overhead stamp: CS_BENCH_T0 is not set\n");
		return 1;
	}
	printf("start_ns=%llu\n",
	       (unsigned long long)(now - strtoull(t0, NULL, 10)));
	return 0;
}

/* Peak resident set of a waited-for child (and its own children). */
static long wait_maxrss(pid_t pid, int *status)
{
	struct rusage ru;

	if (wait4(pid, status, 0, &ru) != pid)
		return -1;
	return ru.ru_maxrss;
}

static int cmd_timed(int argc, char **argv)
{
	char t0[32];
	int status = 0;
	long rss;
	pid_t pid;

	if (argc < 4 || strcmp(argv[2], "--"))
		return usage();
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		snprintf(t0, sizeof(t0), "%llu", (unsigned long long)now_ns());
		default_signals();
		setenv("CS_BENCH_T0", t0, 1);
		execvp(argv[3], &argv[3]);
		perror("overhead timed: exec");
		_exit(127);
	}
	rss = wait_maxrss(pid, &status);
	if (rss > 0)
		printf("maxrss_kb=%ld\n", rss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/*
 * A process that waits for one byte on fd go before it runs the loop and
 * writes its result to fd out; with n == 0 it only idles until killed.
 */
static pid_t spawn_loop(long n, int cpu, int *go_w, int *out_r)
{
	int go[2], out[2];
	pid_t pid;
	char c;

	if (pipe2(go, O_CLOEXEC) || pipe2(out, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		double ns;

		close(go[1]);
		close(out[0]);
		if (read(go[0], &c, 1) != 1 || n == 0)
			_exit(0);
		if (pin(cpu))
			_exit(1);
		ns = read_loop(n);
		dprintf(out[1], "%.1f\n", ns);
		_exit(ns < 0);
	}
	close(go[0]);
	close(out[1]);
	*go_w = go[1];
	*out_r = out[0];
	return pid;
}

/* Replace every "{PID}" argument by pid (whole-word only: enough here). */
static char **subst_pid(char **args, int n, pid_t pid)
{
	static char pidstr[16];
	char **v = calloc((size_t)n + 1, sizeof(*v));

	if (!v)
		return NULL;
	snprintf(pidstr, sizeof(pidstr), "%d", (int)pid);
	for (int i = 0; i < n; i++) {
		const char *p = strstr(args[i], "{PID}");

		if (!p) {
			v[i] = args[i];
			continue;
		}
		/* the mark may sit inside a bpftrace program text */
		if (asprintf(&v[i], "%.*s%s%s", (int)(p - args[i]), args[i],
			     pidstr, p + 5) < 0)
			return NULL;
	}
	return v;
}

/* Read the tool's output until a line holds mark; -1 on timeout or EOF. */
static int wait_mark(int fd, const char *mark)
{
	static char buf[65536];
	size_t len = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t deadline = now_ns() + READY_TIMEOUT_MS * 1000000ull;

	for (;;) {
		ssize_t r;
		int left = (int)((deadline - now_ns()) / 1000000);

		if (left <= 0 || poll(&p, 1, left) <= 0)
			return -1;
		r = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (r <= 0)
			return -1;
		len += (size_t)r;
		buf[len] = 0;
		if (strstr(buf, mark))
			return 0;
		if (len == sizeof(buf) - 1)
			len = 0; /* keep going; a mark split here is missed */
	}
}

/* Read the tool's last words until EOF (true), at most timeout_ms. */
static bool drain(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t deadline = now_ns() + (uint64_t)timeout_ms * 1000000ull;
	char buf[4096];

	for (;;) {
		int left = (int)(((int64_t)(deadline - now_ns())) / 1000000);
		ssize_t r;

		if (left <= 0 || poll(&p, 1, left) <= 0)
			return false;
		r = read(fd, buf, sizeof(buf));
		if (r == 0)
			return true;
		if (r < 0)
			return false;
	}
}

/* SIGINT (a tracer prints its summary), then SIGKILL if it lingers. */
static long stop_tool(pid_t pid, int fd, int *status)
{
	kill(pid, SIGINT);
	if (!drain(fd, 10000)) {
		fprintf(stderr, "overhead run: the tool ignored SIGINT\n");
		kill(pid, SIGKILL);
	}
	return wait_maxrss(pid, status);
}

static int cmd_run(int argc, char **argv)
{
	bool self;
	long n;
	int cpu, go = -1, idle_go = -1, res = -1, io[2], status, ret = 1;
	const char *mark;
	pid_t target = -1, idle = -1, tool = -1;
	uint64_t t0, ready = 0;
	char **targs, line[64];
	double ns = -1;
	long rss = -1;
	ssize_t r;

	if (argc < 8 || strcmp(argv[6], "--"))
		return usage();
	self = !strcmp(argv[2], "self");
	if (!self && strcmp(argv[2], "other"))
		return usage();
	n = atol(argv[3]);
	cpu = atoi(argv[4]);
	mark = argv[5];

	target = spawn_loop(n, cpu, &go, &res);
	if (target < 0)
		goto cleanup;
	if (!self) {
		/* the process the tool watches: it idles until idle_go closes */
		int o;

		idle = spawn_loop(0, -1, &idle_go, &o);
		if (idle < 0)
			goto cleanup;
		close(o);
	}
	targs = subst_pid(&argv[7], argc - 7, self ? target : idle);
	if (!targs || pipe2(io, O_CLOEXEC))
		goto cleanup;
	t0 = now_ns();
	tool = fork();
	if (tool < 0)
		goto cleanup;
	if (tool == 0) {
		default_signals();
		dup2(io[1], 1);
		dup2(io[1], 2);
		execvp(targs[0], targs);
		perror("overhead run: exec");
		_exit(127);
	}
	close(io[1]);
	if (wait_mark(io[0], mark)) {
		fprintf(stderr, "overhead run: %s never printed '%s'\n",
			targs[0], mark);
		goto stop;
	}
	ready = now_ns() - t0;
	if (write(go, "g", 1) != 1)
		goto stop;
	r = read(res, line, sizeof(line) - 1);
	if (r > 0) {
		line[r] = 0;
		ns = atof(line);
	}
	ret = ns > 0 ? 0 : 1;
	/* a tool that gave up early did not watch the loop: no result */
	if (waitpid(tool, &status, WNOHANG) == tool) {
		fprintf(stderr, "overhead run: %s ended before the loop did\n",
			targs[0]);
		tool = -1;
		ns = -1;
		ret = 1;
	}
stop:
	if (tool > 0)
		rss = stop_tool(tool, io[0], &status);
	/* only what was measured: a failed run leaves no sample behind */
	if (ns > 0)
		printf("ns_per_call=%.1f\n", ns);
	if (ready)
		printf("ready_ns=%llu\n", (unsigned long long)ready);
	if (rss > 0)
		printf("maxrss_kb=%ld\n", rss);
cleanup:
	if (go >= 0)
		close(go); /* a target still waiting exits */
	if (idle_go >= 0)
		close(idle_go);
	if (idle > 0) {
		kill(idle, SIGKILL);
		waitpid(idle, NULL, 0);
	}
	if (target > 0)
		waitpid(target, NULL, 0);
	return ret;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* An empty BTF tracepoint program: r0 = 0; exit. */
static int empty_tp(const struct btf *vmlinux, const char *tp)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .expected_attach_type = BPF_TRACE_RAW_TP);
	char name[64];
	int id, fd, link;

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	id = btf__find_by_name_kind(vmlinux, name, BTF_KIND_TYPEDEF);
	if (id < 0)
		return id;
	opts.attach_btf_id = id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bench_empty", "GPL", insns,
			   2, &opts);
	if (fd < 0)
		return fd;
	link = bpf_link_create(fd, 0, BPF_TRACE_RAW_TP, NULL);
	return link < 0 ? link : 0;
}

static int cmd_empty_tp(int argc, char **argv)
{
	static const char *const both[] = { "sys_enter", "sys_exit" };
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct sigaction sa = { .sa_handler = on_signal };
	const char *const *tps = argc > 2 ? (const char *const *)&argv[2] : both;
	int n = argc > 2 ? argc - 2 : 2;

	for (int i = 0; i < n; i++) {
		if (!vmlinux || empty_tp(vmlinux, tps[i])) {
			fprintf(stderr, "overhead empty-tp: cannot attach to %s: %s\n",
				tps[i], strerror(errno));
			return 1;
		}
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("ready\n");
	fflush(stdout);
	while (!stop)
		pause();
	btf__free(vmlinux);
	return 0; /* the links close with the process */
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "loop"))
		return cmd_loop(argc, argv);
	if (!strcmp(argv[1], "stamp"))
		return cmd_stamp();
	if (!strcmp(argv[1], "timed"))
		return cmd_timed(argc, argv);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc, argv);
	if (!strcmp(argv[1], "empty-tp"))
		return cmd_empty_tp(argc, argv);
	return usage();
}
