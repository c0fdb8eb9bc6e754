// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * trace_remote.c - 'copyscope trace' through the tracing service: for a
 * user without privileges.  The command is started here, as the user,
 * and waits on a pipe until the service has armed the filter for its
 * exec; -p asks for a running process, which the service allows only
 * when it is the user's own.  Records and counters come over the socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/record.h"
#include "cli/commands.h"
#include "cli/trace_args.h"
#include "run/client.h"
#include "run/ends.h"
#include "run/session.h"
#include "views/event_json.h"
#include "views/event_text.h"

struct remote {
	FILE *out;
	bool json, quiet;
	struct json j;
	uint64_t base;
	uint64_t records;
	struct ends *ends; /* names from our own processes' /proc */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void print_record(const struct cs_hdr *rec, void *data)
{
	struct remote *r = data;

	if (r->json)
		event_json(&r->j, rec, r->base);
	else
		event_text(r->out, rec, r->base);
}

static void on_record(const struct cs_hdr *rec, void *data)
{
	struct remote *r = data;

	r->records++;
	if (r->quiet)
		return;
	ends_record(r->ends, rec, print_record, r);
	print_record(rec, r);
}

static void on_counters(uint32_t tgid, const struct cs_counters *c, void *data)
{
	struct remote *r = data;

	if (r->json)
		counters_json(&r->j, tgid, "", c, NULL);
	else
		counters_text(stderr, tgid, "", c, NULL);
}

/* Fork the command; it execs when a byte arrives on *go. */
static pid_t start_waiting(char *const *argv, int *go)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		if (read(p[0], &c, 1) != 1)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "copyscope trace: cannot run '%s': %s\n",
			argv[0], strerror(errno));
		_exit(127);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

int trace_remote(const struct trace_args *a, const char *socket)
{
	struct srv_events ev = { .record = on_record, .counters = on_counters };
	struct remote r = { .out = stdout };
	struct srv_client c;
	struct sigaction sa;
	char err[512];
	pid_t pid = a->targets.npids ? a->targets.pids[0] : 0;
	int go = -1, status = 0, ret, rc = 0;
	bool ended = false, stopped = false;

	if (a->targets.npids > 1 || a->targets.nnames || a->targets.cgroup) {
		fprintf(stderr, "copyscope trace: through the service, one "
				"-p PID or a command (not several pids, -n or "
				"--cgroup yet)\n");
		return EXIT_USAGE;
	}
	if (a->record || a->report || a->syscall_times || a->output) {
		fprintf(stderr, "copyscope trace: --record, --report, -T and "
				"-o are not available through the service\n");
		return EXIT_USAGE;
	}
	r.json = a->json;
	r.quiet = a->quiet || a->counters_only;
	json_init(&r.j, r.out);
	if (r.json)
		setvbuf(stdout, NULL, _IOLBF, 0);
	ev.data = &r;
	ret = srv_connect(&c, socket, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "copyscope trace: %s\n", err);
		return ret == -EACCES ? EXIT_NOPERM : EXIT_NOSERVICE;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (a->argv) {
		pid = start_waiting(a->argv, &go);
		if (pid < 0) {
			fprintf(stderr, "copyscope trace: cannot fork: %s\n",
				strerror(errno));
			return 1;
		}
	}
	r.base = monotonic_ns();
	ret = srv_request(&c, SRV_TRACE, pid,
			  a->argv ? SRV_TRACE_FROM_EXEC : 0);
	while (!ret && !ev.answered)
		ret = srv_pump(&c, -1, &ev);
	if (ret || ev.err) {
		if (ret)
			fprintf(stderr, "copyscope trace: the tracing service "
					"went away before it answered\n");
		else
			fprintf(stderr, "copyscope trace: %s\n", ev.text);
		if (go >= 0) {
			close(go); /* the command exits without running */
			waitpid(pid, NULL, 0);
		}
		srv_close(&c);
		return ret ? EXIT_NOSERVICE : ev.err == EPERM ? EXIT_NOPERM : 1;
	}
	if (!r.quiet)
		r.ends = ends_new(false);
	if (go >= 0) {
		if (write(go, "g", 1) != 1)
			rc = 1;
		close(go);
	}
	fprintf(stderr,
		"copyscope: tracing %s %d through the service at %s; Ctrl-C to "
		"stop\n",
		a->argv ? "command, pid" : "pid", (int)pid, socket);
	while (!ev.ended) {
		ret = srv_pump(&c, 10, &ev);
		if (ret)
			break;
		if (!ended) {
			if (a->argv)
				ended = waitpid(pid, &status, WNOHANG) == pid;
			else
				ended = kill(pid, 0) && errno == ESRCH;
		}
		if ((ended || stop ||
		     (a->duration > 0 &&
		      monotonic_ns() - r.base >=
			      (uint64_t)(a->duration * 1e9))) &&
		    !stopped) {
			ret = srv_request(&c, SRV_STOP, 0, 0);
			stopped = true;
			if (ret)
				break;
		}
	}
	srv_close(&c);
	ends_free(r.ends);
	if (!ev.ended) {
		fprintf(stderr,
			"copyscope trace: the tracing service went away (was it "
			"killed?): no counters; %llu records received\n",
			(unsigned long long)r.records);
		return EXIT_NOSERVICE;
	}
	if (ev.end.reason == SRV_END_SHUTDOWN)
		fprintf(stderr, "copyscope trace: the tracing service is "
				"stopping: these are the counters so far\n");
	if (r.json) {
		json_object_begin(&r.j, NULL);
		json_str(&r.j, "type", "summary");
		json_uint(&r.j, "records", r.records);
		json_uint(&r.j, "client_lost", ev.end.lost);
		json_uint(&r.j, "drops", ev.end.ring_drops);
		json_object_end(&r.j);
	} else {
		fprintf(stderr,
			"records lost (your buffer in the service was full): "
			"%llu\nrecords lost (the kernel's ring buffer, all "
			"users): %llu\n",
			(unsigned long long)ev.end.lost,
			(unsigned long long)ev.end.ring_drops);
	}
	fflush(stdout);
	if (a->argv && !ended && !stop)
		waitpid(pid, &status, 0);
	if (rc)
		return rc;
	if (a->argv && ended && WIFEXITED(status))
		return WEXITSTATUS(status);
	if (a->argv && ended && WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 0;
}
