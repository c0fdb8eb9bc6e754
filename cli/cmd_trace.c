// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cmd_trace.c - 'copyscope trace': stream a process's records as text or
 * JSON lines; at the end print the kernel's exact counters and the drops.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/record.h"
#include "abi/recording.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "run/ends.h"
#include "run/outfile.h"
#include "run/privilege.h"
#include "cli/trace_args.h"
#include "run/serve_proto.h"
#include "run/session.h"
#include "run/trace_report.h"
#include "views/event_json.h"
#include "views/event_text.h"

#define MAX_NAMES 256

struct trace_ctx {
	FILE *out;
	FILE *rec; /* --record */
	struct trace_report *report; /* --report */
	/*
	 * The records added up per process, to be checked against the
	 * kernel's counters at the end: the report's model, or tally, one
	 * that only counts.  NULL when the records cannot match them
	 * (--io-only, --counters-only, -q: not every record is written).
	 */
	const struct cs_model *checked;
	struct cs_model *tally;
	struct run_as user; /* -u */
	bool json, quiet;
	int nice; /* copyscope's own, while it reads */
	struct json j;
	uint64_t base;
	struct targets targets; /* what -p, -n, --cgroup chose */
	bool follow;
	/* process names, learned from exec and fork records */
	struct {
		uint32_t tgid;
		char comm[CS_COMM_LEN + 1];
	} names[MAX_NAMES];
	int nnames;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void remember(struct trace_ctx *t, uint32_t tgid, const char *comm)
{
	int i;

	for (i = 0; i < t->nnames; i++)
		if (t->names[i].tgid == tgid)
			break;
	if (i == t->nnames) {
		if (t->nnames == MAX_NAMES)
			return;
		t->nnames++;
	}
	t->names[i].tgid = tgid;
	snprintf(t->names[i].comm, sizeof(t->names[i].comm), "%.*s",
		 CS_COMM_LEN, comm);
}

static const char *comm_of(struct trace_ctx *t, uint32_t tgid)
{
	for (int i = 0; i < t->nnames; i++)
		if (t->names[i].tgid == tgid)
			return t->names[i].comm;
	return "";
}

static void on_record(const struct cs_hdr *rec, void *data)
{
	struct trace_ctx *t = data;

	const struct cs_proc *pr = (const void *)rec;

	/* a forked child keeps its parent's name until it execs */
	if (rec->type == CS_EV_EXEC || rec->type == CS_EV_NAME)
		remember(t, rec->tgid, pr->comm);
	else if (rec->type == CS_EV_FORK && !pr->is_thread)
		remember(t, pr->child_tgid, pr->comm);
	if (t->rec)
		recording_write(t->rec, rec);
	if (t->report)
		trace_report_feed(t->report, rec);
	else if (t->tally)
		model_feed(t->tally, rec, rec->size);
	if (t->quiet)
		return;
	if (t->json)
		event_json(&t->j, rec, t->base);
	else
		event_text(t->out, rec, t->base);
}

static void print_start(struct trace_ctx *t, struct session *s)
{
	const char *tier = tier_name(session_tier(s));
	const char *service = session_service(s);
	char via[160] = "";

	if (t->json) {
		json_object_begin(&t->j, NULL);
		json_str(&t->j, "type", "start");
		json_uint(&t->j, "abi", CS_ABI_VERSION);
		json_str(&t->j, "kernel", s->feat.release);
		json_str(&t->j, "tier", tier);
		json_uint(&t->j, "pid", s->pid);
		json_bool(&t->j, "launched", s->launched);
		if (service) {
			json_str(&t->j, "service", service);
		} else {
			json_object_begin(&t->j, "functions");
			for (int i = 0; i < CS_FN_MAX; i++)
				json_str(&t->j, copy_fn_name(i),
					 tier_name(probe_fn_tier(s->probe, i)));
			json_object_end(&t->j);
		}
		json_object_end(&t->j);
	} else {
		char what[160];

		if (s->launched)
			snprintf(what, sizeof(what), "command, pid %d",
				 (int)s->pid);
		else
			targets_describe(&t->targets, t->follow, what,
					 sizeof(what));
		if (service)
			snprintf(via, sizeof(via),
				 " through the service at %.120s", service);
		fprintf(stderr,
			"copyscope: tracing %s%s with the %s tier%s; Ctrl-C to stop\n",
			what, via, tier,
			session_tier(s) == CS_TIER_TRACEPOINT ?
				" (copies proven by tracepoints, sizes from system calls)" :
				"");
	}
	fflush(t->out);
}

/* -v: every program of the BPF object, and what became of it. */
static void print_programs(struct session *s)
{
	const struct cs_prog_state *ps;
	int n, attached = 0, wn = 0, wt = 0;

	if (!s->probe) {
		fprintf(stderr,
			"copyscope: the BPF programs are the tracing "
			"service's ('copyscope serve -v' lists them)\n");
		return;
	}
	ps = probe_programs(s->probe, &n);
	for (int i = 0; i < n; i++) {
		attached += ps[i].attached;
		if ((int)strlen(ps[i].name) > wn)
			wn = (int)strlen(ps[i].name);
		if ((int)strlen(ps[i].target) > wt)
			wt = (int)strlen(ps[i].target);
	}
	fprintf(stderr, "copyscope: %d of %d BPF programs attached:\n",
		attached, n);
	for (int i = 0; i < n; i++) {
		fprintf(stderr, "  %-*s  %-9s %-*s  ", wn, ps[i].name,
			ps[i].kind, wt, ps[i].target);
		if (ps[i].attached)
			fputs("attached\n", stderr);
		else if (ps[i].loaded)
			fprintf(stderr, "attach failed: %s\n",
				strerror(ps[i].err));
		else
			fprintf(stderr, "not loaded: %s\n",
				ps[i].why ? ps[i].why : "not chosen");
	}
}

static void print_end(struct trace_ctx *t, struct session *s)
{
	uint64_t drops = session_drops(s);
	uint64_t bad = s->probe ? probe_bad_records(s->probe) : 0;
	struct cs_counters c, sum, derived;
	uint64_t own = 0, ring = 0;
	bool service = session_service_losses(s, &own, &ring);
	uint32_t tgid = 0;
	FILE *out = t->json ? t->out : stderr;

	memset(&sum, 0, sizeof(sum));
	if (!t->json)
		fprintf(out,
			"\ncopyscope: kernel counters (exact, even when records are lost)\n");
	while ((tgid = session_next_process(s, tgid))) {
		if (session_counters(s, tgid, &c))
			continue;
		for (int i = 0; i < CS_C_MAX; i++)
			sum.v[i] += c.v[i];
		if (t->checked)
			model_derived_counters(t->checked, tgid, &derived);
		if (t->json)
			counters_json(&t->j, tgid, comm_of(t, tgid), &c,
				      t->checked ? &derived : NULL);
		else
			counters_text(out, tgid, comm_of(t, tgid), &c,
				      t->checked ? &derived : NULL);
	}
	if (t->json) {
		json_object_begin(&t->j, NULL);
		json_str(&t->j, "type", "summary");
		json_str(&t->j, "tier", tier_name(session_tier(s)));
		json_uint(&t->j, "syscalls", sum.v[CS_C_SYSCALLS]);
		json_uint(&t->j, "mode_switches", sum.v[CS_C_MODE_SWITCHES]);
		json_uint(&t->j, "records", sum.v[CS_C_RECORDS]);
		json_uint(&t->j, "drops", drops);
		if (service) {
			json_uint(&t->j, "client_lost", own);
			json_uint(&t->j, "ring_drops", ring);
		}
		json_uint(&t->j, "bad_records", bad);
		if (s->launched && s->ended) {
			if (WIFEXITED(s->status))
				json_int(&t->j, "exit_code",
					 WEXITSTATUS(s->status));
			else if (WIFSIGNALED(s->status))
				json_int(&t->j, "signal", WTERMSIG(s->status));
		}
		json_object_end(&t->j);
	} else if (service) {
		fprintf(out,
			"records lost (your buffer in the service was full): "
			"%llu\nrecords lost (the kernel's ring buffer, all "
			"users): %llu\n",
			(unsigned long long)own, (unsigned long long)ring);
	} else {
		fprintf(out, "records lost (ring buffer full): %llu\n",
			(unsigned long long)drops);
		if (bad)
			fprintf(out, "malformed records: %llu\n",
				(unsigned long long)bad);
	}
	fflush(t->out);
	if (drops && !service)
		fprintf(stderr,
			"copyscope trace: %llu records lost: the reader%s fell "
			"behind; a bigger --ringbuf%s keeps up (the counters "
			"above are exact all the same)\n",
			(unsigned long long)drops,
			t->nice ? " (at low priority, --nice)" : "",
			t->nice ? " or --nice 0" : "");
}

/* -v: what naming the files and sockets cost (run/ends.h). */
static void print_ends(struct session *s)
{
	struct ends_stats st;

	ends_stats(s->ends, &st);
	fprintf(stderr,
		"copyscope: endpoints: %llu named; %llu descriptors looked at, "
		"%llu looked up in /proc (%llu network tables read) in "
		"%.3f ms\n",
		(unsigned long long)st.named, (unsigned long long)st.looked,
		(unsigned long long)st.asked, (unsigned long long)st.tables,
		st.ns / 1e6);
}

/* The tracing options as session options: the live screen's and ours. */
static void session_opts_of(const struct trace_args *a,
			    const struct run_as *user, struct session_opts *so)
{
	session_opts_default(so);
	so->targets = a->targets;
	so->argv = a->argv;
	so->probe.ringbuf_bytes = a->ringbuf;
	so->probe.follow_forks = a->follow;
	so->probe.all_syscalls = !a->io_only;
	so->probe.entry_times = a->syscall_times;
	so->probe.forced_tier = a->tier;
	so->probe.verbose = a->verbose;
	so->probe.emit_mask = ~0ULL;
	if (a->counters_only)
		so->probe.emit_mask = 0;
	/* quiet: records only to name the processes */
	else if (a->quiet && !a->report && !a->record)
		so->probe.emit_mask = 1ULL << CS_EV_FORK | 1ULL << CS_EV_EXEC;
	/* a program that is not ours, its calls shown: their files and
	 * sockets named fully */
	so->names = so->probe.emit_mask == ~0ULL;
	so->user = user; /* -u: the command runs as this user */
	/* through the service: asked for, or when nothing can be loaded */
	so->socket = a->socket;
	so->service_fallback = true;
}

/*
 * An output that cannot be written ends the trace at once (outfile.c has
 * said why): the counters are still printed, and the command goes on,
 * detached, not killed.  Standard output has no outfile: its error is
 * only known, not its reason.
 */
static bool output_failed(struct trace_ctx *t, struct session *s)
{
	bool out = t->out == stdout && ferror(stdout);

	if (!out && !outfile_failed())
		return false;
	if (out)
		fprintf(stderr, "copyscope trace: writing the output failed\n");
	fprintf(stderr, "copyscope trace: stopping%s\n",
		s->launched ? " (the command goes on, detached)" : "");
	return true;
}

static int exit_code(struct session *s)
{
	if (!s->launched || !s->ended)
		return 0;
	if (WIFEXITED(s->status))
		return WEXITSTATUS(s->status);
	if (WIFSIGNALED(s->status))
		return 128 + WTERMSIG(s->status);
	return 0;
}

int cmd_trace(int argc, char **argv)
{
	static struct trace_ctx t;
	struct trace_args a;
	struct session_opts so;
	struct session s;
	struct sigaction sa;
	const char *trouble;
	char err[512];
	uint64_t deadline = 0;
	bool gone;
	int ret;

	if (trace_args_parse(&a, argc, argv, err, sizeof(err)))
		return opts_usage_error("trace", err);
	if (a.help) {
		fputs(trace_usage, stdout);
		return 0;
	}
	memset(&t, 0, sizeof(t));
	if (a.user && run_as_lookup(&t.user, a.user, err, sizeof(err))) {
		fprintf(stderr, "copyscope trace: %s\n", err);
		return EXIT_USAGE;
	}
	if (a.argv && !a.user)
		run_as_sudo_notice("copyscope trace");
	session_opts_of(&a, a.user ? &t.user : NULL, &so);
	/* bad input before anything is loaded, as a usage error */
	if (targets_any(&a.targets)) {
		char note[128];
		uint64_t cgid;

		if (targets_check(&a.targets, &cgid, note, sizeof(note), err,
				  sizeof(err)))
			return opts_usage_error("trace", err);
		if (note[0])
			fprintf(stderr, "copyscope trace: %s\n", note);
	}
	if (tui_trace_wanted(&a))
		return tui_trace(
			&so); /* a terminal: the live screen (cmd_tui.c) */
	t.targets = a.targets;
	t.follow = a.follow;
	t.out = stdout;
	if (a.output) {
		t.out = outfile_open("copyscope trace", a.output, false);
		if (!t.out) {
			fprintf(stderr,
				"copyscope trace: cannot write %s: %s\n",
				a.output, strerror(errno));
			return 1;
		}
	}
	t.json = a.json;
	/* whole lines, even when the traced command writes to the same file */
	if (t.json && t.out == stdout)
		setvbuf(stdout, NULL, _IOLBF, 0);
	t.quiet = a.quiet;
	json_init(&t.j, t.out);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* before the command starts: a bad path must not leave it running */
	if (a.record) {
		t.rec = outfile_open("copyscope trace", a.record, false);
		if (!t.rec) {
			fprintf(stderr,
				"copyscope trace: cannot write %s: %s\n",
				a.record, strerror(errno));
			return 1;
		}
	}
	ret = session_start(&s, &so, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "copyscope trace: %s\n", err);
		return ret == -EPERM		? EXIT_NOPERM :
		       ret == -ENOTCONN		? EXIT_NOSERVICE :
		       ret == -EINVAL		? EXIT_USAGE :
		       ret == -ENOENT && a.argv ? 127 :
						  1;
	}
	/*
	 * The command was started at copyscope's priority; from here on
	 * copyscope only consumes records, and yields the CPU to it.
	 */
	if (a.nice && setpriority(PRIO_PROCESS, 0, a.nice))
		fprintf(stderr,
			"copyscope trace: cannot lower its own priority: %s\n",
			strerror(errno));
	else
		t.nice = a.nice;
	t.base = s.start_ts;
	if (a.report &&
	    !(t.report = trace_report_new((uint32_t)s.pid, false))) {
		fprintf(stderr, "copyscope trace: out of memory\n");
		session_end(&s);
		return 1;
	}
	if (t.report)
		trace_report_flow_min(t.report, a.flow_min);
	if (t.report) {
		t.checked = trace_report_model(t.report);
	} else if (!a.io_only && so.probe.emit_mask == ~0ULL) {
		struct cs_model_opts mo = { .counters_only = true };

		t.checked = t.tally = model_new(&mo);
	}
	if (a.record) {
		if (session_record_begin(&s, t.rec,
					 a.argv ? a.argv[0] : "process")) {
			fprintf(stderr,
				"copyscope trace: cannot write %s: %s\n",
				a.record, strerror(errno));
			session_end(&s);
			return 1;
		}
	}
	/* attached, started: from here on only records, which the traced
	 * program shapes, and no capability is needed to read them */
	priv_drop(PRIV_TRACED);
	print_start(&t, &s);
	if (a.verbose)
		print_programs(&s);
	if (a.duration > 0)
		deadline = s.start_ts + (uint64_t)(a.duration * 1e9);

	while (!stop) {
		bool ended = session_wait(&s, 10);

		session_drain(&s, on_record, &t);
		if (ended || (deadline && monotonic_ns() >= deadline))
			break;
		/* the service stopped or died: nothing more will come */
		if (session_service_trouble(&s, &gone))
			break;
		if (output_failed(&t, &s)) {
			/* it runs on: its records cannot all be read */
			t.checked = NULL;
			break;
		}
	}
	/*
	 * What the last system calls wrote is still in the buffer.  Stop the
	 * programs first: a disk write-back of the traced files, done for
	 * them by a kernel thread, could otherwise be counted after the last
	 * drain and before the counters are read, its records never seen.
	 * Through the service: the last drain goes up to its end, with the
	 * counters.
	 */
	session_stop(&s);
	session_drain(&s, on_record, &t);
	if (t.rec && session_record_counters(&s, t.rec) &&
	    !outfile_error(t.rec))
		fprintf(stderr, "copyscope trace: writing %s failed: %s\n",
			a.record, strerror(errno));
	if (a.verbose)
		print_ends(&s);
	/* the counters are said all the same: where the events could go */
	if (outfile_error(t.out) || ferror(t.out))
		t.json = false;
	print_end(&t, &s);
	if (t.report && trace_report_print(t.report, &s, t.out, t.json))
		fprintf(stderr, "copyscope trace: writing the report failed\n");
	trace_report_free(t.report);
	model_free(t.tally);
	ret = exit_code(&s);
	trouble = session_service_trouble(&s, &gone);
	if (trouble)
		fprintf(stderr, "copyscope trace: %s\n", trouble);
	if (gone)
		ret = EXIT_NOSERVICE;
	session_end(&s);
	if (t.rec && outfile_close(t.rec))
		ret = EXIT_OUTPUT;
	if (t.out != stdout ? outfile_close(t.out) :
			      fflush(stdout) || ferror(stdout))
		ret = EXIT_OUTPUT;
	return ret;
}
