// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cmd_report.c - 'copyscope report': run the file-to-socket demos headless
 * under the tracer, one after the other, and print the article's table
 * measured on this machine (text, markdown or JSON).
 *
 * Each demo announces its transfer phase on its control channel; only that
 * phase is counted (its receiver, a child, counts from the phase's start
 * until it has copied the last byte).  The phase messages and the ring
 * buffer are two channels that race, so the records of a run are kept and
 * given to the model after the run, phases first: what is counted does not
 * depend on which channel was read first.  At the end of each run the
 * records of every process are checked against the kernel's exact counters.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi/record.h"
#include "abi/recording.h"
#include "bpf/features.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "run/outfile.h"
#include "run/privilege.h"
#include "cli/trace_args.h"
#include "model/model.h"
#include "run/demo_run.h"
#include "run/feed.h"
#include "run/serve_proto.h"
#include "run/session.h"
#include "run/trace_report.h"
#include "views/escape.h"
#include "views/report.h"

#define MAX_DEMOS 32
/* Records of one run kept in memory; a bigger run is fed as it comes. */
#define MAX_KEPT (512u << 20)

static const char usage[] =
	"usage: copyscope report [OPTIONS] [DEMO...]\n"
	"\n"
	"Run the file-to-socket demos (all of them, or the ones named) under the\n"
	"tracer, without a screen, and print the comparison table of every\n"
	"zero-copy article measured on this machine: per strategy the CPU copies\n"
	"and DMA transfers per chunk, system calls, mode and context switches,\n"
	"bytes, time and throughput, beside the article's row, and why they differ.\n"
	"\n"
	"      --cold           evict the file from the page cache first (default)\n"
	"      --warm           read it once first: no disk DMA\n"
	"      --format FMT     text (default), md or json\n"
	"      --json           same as --format json\n"
	"      --size BYTES     bytes each demo moves (K, M, G suffixes; default 16M)\n"
	"      --chunk BYTES    bytes per system call (default: each demo's own)\n"
	"      --pin CPU[,CPU2] pin the sender (and the receiver) for steadier\n"
	"                       context-switch counts\n"
	"      --no-textbook    leave the article's rows out\n"
	"      --tier TIER      auto (default), fentry, kprobe or tracepoint\n"
	"      --record-dir DIR also save each run as DIR/DEMO.rec (a recording) and\n"
	"                       the kernel's counters at its end as DIR/DEMO.counters\n"
	"      --socket PATH    through the tracing service at PATH ('copyscope\n"
	"                       serve'); without privileges the service at\n"
	"                       " SRV_SOCKET_DEFAULT " is used when it exists\n"
	"      --list           the demos it can run\n"
	"  -v, --verbose        show libbpf's messages\n"
	"  -h, --help           this text\n";

struct report_args {
	const char *demos[MAX_DEMOS];
	int ndemos;
	bool warm;
	enum report_format format;
	uint64_t size, chunk;
	const char *pin;
	bool no_textbook;
	int tier;
	const char *record_dir;
	const char *socket;
	bool list, verbose, help;
};

static int parse_args(struct report_args *a, int argc, char **argv, char *err,
		      size_t errlen)
{
	enum {
		O_COLD = 256,
		O_WARM,
		O_FORMAT,
		O_JSON,
		O_SIZE,
		O_CHUNK,
		O_PIN,
		O_NOBOOK,
		O_TIER,
		O_RECDIR,
		O_LIST,
		O_SOCKET
	};
	static const struct option longs[] = {
		{ "cold", no_argument, NULL, O_COLD },
		{ "warm", no_argument, NULL, O_WARM },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "json", no_argument, NULL, O_JSON },
		{ "size", required_argument, NULL, O_SIZE },
		{ "chunk", required_argument, NULL, O_CHUNK },
		{ "pin", required_argument, NULL, O_PIN },
		{ "no-textbook", no_argument, NULL, O_NOBOOK },
		{ "tier", required_argument, NULL, O_TIER },
		{ "record-dir", required_argument, NULL, O_RECDIR },
		{ "list", no_argument, NULL, O_LIST },
		{ "socket", required_argument, NULL, O_SOCKET },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	int64_t n;
	int c;

	memset(a, 0, sizeof(*a));
	/* in order: the options, then the demos */
	opts_init(&o, argc, argv, longs, true);
	while ((c = opts_next(&o, err, errlen)) != -1) {
		const char *v = o.arg;

		switch (c) {
		case OPTS_ERROR:
			return -1;
		case O_COLD:
			a->warm = false;
			break;
		case O_WARM:
			a->warm = true;
			break;
		case O_FORMAT:
			if (v && !strcmp(v, "text"))
				a->format = REPORT_TEXT;
			else if (v && (!strcmp(v, "md") || !strcmp(v, "markdown")))
				a->format = REPORT_MD;
			else if (v && !strcmp(v, "json"))
				a->format = REPORT_JSON;
			else
				goto bad_value;
			break;
		case O_JSON:
			a->format = REPORT_JSON;
			break;
		case O_SIZE:
		case O_CHUNK:
			n = v ? parse_size(v) : -1;
			if (n <= 0)
				goto bad_value;
			if (c == O_SIZE)
				a->size = (uint64_t)n;
			else
				a->chunk = (uint64_t)n;
			break;
		case O_PIN:
			a->pin = v;
			if (!v || !*v) {
				snprintf(err, errlen, "--pin takes CPU or CPU,CPU");
				return -1;
			}
			break;
		case O_NOBOOK:
			a->no_textbook = true;
			break;
		case O_TIER:
			a->tier = v ? tier_parse(v) : -1;
			if (a->tier < 0)
				goto bad_value;
			break;
		case O_RECDIR:
			a->record_dir = v;
			if (!v) {
				snprintf(err, errlen, "%s needs a directory",
					 o.name);
				return -1;
			}
			break;
		case O_LIST:
			a->list = true;
			break;
		case O_SOCKET:
			a->socket = v;
			if (!v || !*v) {
				snprintf(err, errlen, "%s needs a path",
					 o.name);
				return -1;
			}
			break;
		case 'v':
			a->verbose = true;
			break;
		case 'h':
			a->help = true;
			break;
		}
	}
	for (int i = opts_index(&o); i < argc; i++) {
		const struct demo_info *d = demo_lookup(argv[i]);

		if (!d || !d->to_socket) {
			snprintf(
				err, errlen,
				"'%s' is not a file-to-socket demo (see 'copyscope report --list')",
				argv[i]);
			return -1;
		}
		if (a->ndemos == MAX_DEMOS) {
			snprintf(err, errlen, "too many demos");
			return -1;
		}
		a->demos[a->ndemos++] = argv[i];
	}
	return 0;
bad_value:
	/* report's own wording (tests/root/test_cli.sh pins it) */
	if (!o.arg)
		snprintf(err, errlen, "%s needs a value", o.name);
	else
		snprintf(err, errlen, "bad value '%s' for %s", o.arg, o.name);
	return -1;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* ---- one run ------------------------------------------------------------- */

struct run {
	struct cs_model *m;
	FILE *rec; /* --record-dir: the records */
	FILE *counters; /* --record-dir: the kernel's counters at the end */
	unsigned char *kept; /* records of the run, back to back */
	size_t nkept, capkept;
	bool overflow; /* too many to keep: fed as they came */
	struct cs_phase phases[64];
	unsigned nphases;
};

static void keep(struct run *r, const struct cs_hdr *rec)
{
	size_t need = r->nkept + rec->size;

	if (!r->overflow && need > r->capkept) {
		size_t ncap = r->capkept ? r->capkept * 2 : 1u << 20;
		unsigned char *nk;

		while (ncap < need)
			ncap *= 2;
		nk = ncap <= MAX_KEPT ? realloc(r->kept, ncap) : NULL;
		if (!nk) {
			r->overflow = true;
		} else {
			r->kept = nk;
			r->capkept = ncap;
		}
	}
	if (r->overflow) {
		model_feed(r->m, rec, rec->size);
	} else {
		memcpy(r->kept + r->nkept, rec, rec->size);
		r->nkept = need;
	}
}

static void on_record(const struct cs_hdr *rec, void *data)
{
	keep(data, rec);
}

static void on_control(const struct cs_ctl_msg *msg, const struct cs_phase *rec,
		       void *data)
{
	struct run *r = data;

	(void)msg;
	if (!rec || rec->h.type != CS_EV_PHASE)
		return;
	if (r->overflow) {
		model_feed(r->m, rec, sizeof(*rec));
		return;
	}
	if (r->nphases < sizeof(r->phases) / sizeof(r->phases[0]))
		r->phases[r->nphases++] = *rec;
}

static void feed_rec(const void *rec, size_t size, void *data)
{
	struct run *r = data;

	model_feed(r->m, rec, size);
	if (r->rec)
		recording_write(r->rec, rec);
}

/* The run's records with its phases in time order (feed_merge()). */
static void feed_all(struct run *r)
{
	const struct cs_phase *ph[sizeof(r->phases) / sizeof(r->phases[0])];

	for (unsigned i = 0; i < r->nphases; i++)
		ph[i] = &r->phases[i];
	feed_merge(r->kept, r->nkept, ph, (int)r->nphases, feed_rec, r);
	model_flush(r->m);
}

/*
 * The demo prints its own summary on stdout, which is the table's (and
 * perhaps JSON's): it gets /dev/null there instead.  Its errors still go to
 * stderr.
 */
static int start_quietly(struct demo_run *d, const struct demo_info *info,
			 const struct demo_opts *o,
			 const struct session_opts *so, char *err,
			 size_t errlen)
{
	int saved, null, ret;

	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0) {
		if (saved >= 0)
			close(saved);
		if (null >= 0)
			close(null);
		return demo_run_start(d, info, o, so, err, errlen);
	}
	ret = demo_run_start(d, info, o, so, err, errlen);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	return ret;
}

static int run_demo(const struct report_args *a, const struct demo_info *info,
		    struct report_row *row, char *tier, size_t tierlen,
		    char *kernel, size_t kernlen)
{
	struct session_opts so;
	struct demo_opts dopts;
	struct cs_model_opts mo;
	struct demo_run d;
	const char *trouble;
	struct run r;
	char err[512];
	bool gone;
	int ret;

	memset(&r, 0, sizeof(r));
	memset(&dopts, 0, sizeof(dopts));
	dopts.cold = !a->warm;
	dopts.size = a->size;
	dopts.chunk = a->chunk;
	dopts.pin = a->pin;
	dopts.socket = a->socket;
	session_opts_default(&so);
	so.probe.all_syscalls = true; /* mode switches: every call counts */
	so.probe.emit_mask = ~0ULL;
	so.probe.follow_forks = true;
	so.probe.forced_tier = a->tier;
	so.probe.verbose = a->verbose;

	ret = start_quietly(&d, info, &dopts, &so, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "copyscope report: %s: %s\n", info->name, err);
		return ret == -EPERM	? EXIT_NOPERM :
		       ret == -ENOTCONN ? EXIT_NOSERVICE :
					  1;
	}
	snprintf(tier, tierlen, "%s", tier_name(session_tier(&d.s)));
	snprintf(kernel, kernlen, "%s", d.s.feat.release);

	memset(&mo, 0, sizeof(mo));
	mo.focus_tgid = (uint32_t)d.s.pid;
	mo.phase_gate = true;
	r.m = model_new(&mo);
	if (!r.m) {
		demo_run_end(&d);
		return 1;
	}
	if (a->record_dir) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s.rec", a->record_dir,
			 info->name);
		r.rec = outfile_open("copyscope report", path, false);
		if (!r.rec || session_record_begin(&d.s, r.rec, info->name))
			fprintf(stderr,
				"copyscope report: cannot write %s: %s\n", path,
				strerror(errno));
		snprintf(path, sizeof(path), "%s/%s.counters", a->record_dir,
			 info->name);
		r.counters = outfile_open("copyscope report", path, false);
		if (!r.counters)
			fprintf(stderr,
				"copyscope report: cannot write %s: %s\n", path,
				strerror(errno));
	}

	/* the control channel first: a phase is known before its records;
	 * a recording that cannot be written ends the run (outfile.c) */
	while (!stop && !outfile_failed()) {
		bool ended = session_wait(&d.s, 10);

		demo_run_control(&d, on_control, &r);
		session_drain(&d.s, on_record, &r);
		if (ended)
			break;
	}
	demo_run_control(&d, on_control, &r);
	session_drain(&d.s, on_record, &r);
	feed_all(&r);
	if (r.rec)
		session_record_counters(&d.s, r.rec); /* fclose reports failure */

	report_row_from_model(row, r.m, info->name);
	row->cache = a->warm ? REPORT_CACHE_WARM : REPORT_CACHE_COLD;
	row->file_bytes = d.ok ? d.bytes : a->size;
	row->page_bytes = (uint32_t)sysconf(_SC_PAGESIZE);
	row->chunk_bytes = a->chunk;
	row->elapsed_ns = d.ok ? d.ns : 0;
	/* every process's records against the kernel's exact counters */
	report_check_counters(row, r.m, &d.s, r.counters);

	ret = 0;
	trouble = session_service_trouble(&d.s, &gone);
	if (trouble)
		fprintf(stderr, "copyscope report: %s: %s\n", info->name,
			trouble);
	if (gone) {
		ret = EXIT_NOSERVICE;
	} else if (stop) {
		ret = 130;
	} else if (!d.ok) {
		char fail[ESC_SIZE(sizeof(d.fail))];

		/* the demo's own words, through the control channel */
		fprintf(stderr, "copyscope report: %s failed: %s\n", info->name,
			d.fail[0] ? esc_str(fail, sizeof(fail), d.fail,
					    sizeof(d.fail)) :
				    "the demo did not report a result");
		ret = 1;
	}
	if (r.rec && outfile_close(r.rec))
		ret = EXIT_OUTPUT;
	if (r.counters && outfile_close(r.counters))
		ret = EXIT_OUTPUT;
	free(r.kept);
	model_free(r.m);
	demo_run_end(&d);
	return ret;
}

int cmd_report(int argc, char **argv)
{
	static struct report_row rows[MAX_DEMOS];
	struct report_args a;
	struct report_opts ro;
	struct sigaction sa;
	char err[512], tier[32] = "", kernel[96] = "";
	int i, n = 0, status = 0, ret;

	if (parse_args(&a, argc, argv, err, sizeof(err)))
		return opts_usage_error("report", err);
	if (a.help) {
		fputs(usage, stdout);
		return 0;
	}
	if (a.list) {
		for (size_t k = 0; k < demo_count; k++)
			if (demo_list[k].to_socket)
				printf("%-18s %s\n", demo_list[k].name,
				       demo_list[k].summary);
		return 0;
	}
	if (!a.ndemos)
		for (size_t k = 0; k < demo_count && a.ndemos < MAX_DEMOS; k++)
			if (demo_list[k].to_socket)
				a.demos[a.ndemos++] = demo_list[k].name;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* each demo loads the programs again: only what that needs */
	priv_drop(PRIV_LOADS);

	for (i = 0; i < a.ndemos && !stop && !outfile_failed(); i++) {
		ret = run_demo(&a, demo_lookup(a.demos[i]), &rows[n], tier,
			       sizeof(tier), kernel, sizeof(kernel));
		if (ret == EXIT_NOPERM || ret == EXIT_NOSERVICE)
			return ret;
		/* a run that produced nothing has no row; one that failed late
		 * still shows what it did */
		if (rows[n].sender.tgid)
			n++;
		if (ret && !status)
			status = ret;
	}
	memset(&ro, 0, sizeof(ro));
	ro.format = a.format;
	ro.no_textbook = a.no_textbook;
	ro.kernel = kernel[0] ? kernel : NULL;
	ro.tier = tier[0] ? tier : NULL;
	if (report_render(stdout, rows, (size_t)n, &ro) || fflush(stdout)) {
		fprintf(stderr, "copyscope report: writing the table failed\n");
		return 1;
	}
	return status;
}
