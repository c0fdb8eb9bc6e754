// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cmd_tui.c - the commands that open the TUI: 'copyscope' with no
 * arguments (the tour), 'copyscope demo NAME' (one demo), and the
 * terminal path of 'copyscope trace'.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/demo_run.h"
#include "cli/trace_args.h"
#include "ui/App.h"

static const char demo_usage[] =
	"usage: copyscope demo NAME [OPTIONS]\n"
	"       copyscope demo --list\n"
	"\n"
	"Run one bundled demo under the tracer and watch it on screen: the\n"
	"places its bytes pass through, every DMA transfer and CPU copy as it\n"
	"happens, mode and context switches, and its row of the comparison\n"
	"table filling live.  Needs root (or CAP_BPF and CAP_PERFMON).\n"
	"\n"
	"  --step            wait for s before each system call of the transfer\n"
	"  --cold            evict the file from the page cache first (default)\n"
	"  --warm            read the file into the page cache first\n"
	"  --size SIZE       bytes to move (default 16M; K, M, G suffixes)\n"
	"  --chunk SIZE      bytes per system call (default: the demo's)\n"
	"  --pin CPU[,CPU]   pin the sender (and the receiver) to CPUs\n"
	"  --speed X         animation speed factor (default 1; 0.125 to 32)\n"
	"  --record FILE     save the run for 'copyscope replay FILE', which\n"
	"                    needs no root (after r or c: the latest run)\n"
	"  --quiz            before each system call, predict what it will move\n"
	"                    (and how many mode switches); then see the truth\n"
	"  --no-class        leave out class mode: the article's row under the\n"
	"                    measured one, why they differ, step captions\n"
	"  --list            the demos, one per line\n"
	"  -h, --help        this text\n"
	"\n"
	"Keys: Space pause, n next event, s next system call, + - speed,\n"
	"r restart, c cold/warm, a other demos, w why, k quiz, ? help, q quit.\n";

static void list_demos(FILE *out)
{
	for (size_t i = 0; i < demo_count; i++)
		fprintf(out, "%-18s %-28s %s\n", demo_list[i].name,
			demo_list[i].title, demo_list[i].summary);
}

static int need_terminal(const char *cmd)
{
	if (isatty(0) && isatty(1))
		return 0;
	fprintf(stderr,
		"copyscope%s%s: the screen needs a terminal; for text output use "
		"'copyscope report' or 'copyscope trace --text'\n",
		cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

/* The value of an option: "--opt=value" or the next argument. */
static const char *opt_value(int argc, char **argv, int *i, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq)
		return eq + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static bool is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(arg, name, n) && (arg[n] == 0 || arg[n] == '=');
}

int cmd_demo(int argc, char **argv)
{
	struct app_opts o;
	const char *name = NULL, *v;
	int i;

	memset(&o, 0, sizeof(o));
	o.dopts.cold = true;
	o.tour = true;
	o.class_mode = true;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(demo_usage, stdout);
			return 0;
		} else if (!strcmp(arg, "--list")) {
			list_demos(stdout);
			return 0;
		} else if (!strcmp(arg, "--step")) {
			o.dopts.step = true;
		} else if (!strcmp(arg, "--no-class")) {
			o.class_mode = false;
		} else if (!strcmp(arg, "--quiz")) {
			o.quiz = true;
			o.dopts.step = true; /* a question before each call */
		} else if (!strcmp(arg, "--cold")) {
			o.dopts.cold = true;
		} else if (!strcmp(arg, "--warm")) {
			o.dopts.cold = false;
		} else if (is_opt(arg, "--size") || is_opt(arg, "--chunk")) {
			int64_t sz;

			v = opt_value(argc, argv, &i, arg);
			sz = v ? parse_size(v) : -1;
			if (sz <= 0) {
				fprintf(stderr,
					"copyscope demo: %.7s takes a size like 64K or 16M\n",
					arg);
				return EXIT_USAGE;
			}
			if (arg[2] == 's')
				o.dopts.size = (unsigned long long)sz;
			else
				o.dopts.chunk = (unsigned long long)sz;
		} else if (is_opt(arg, "--pin")) {
			o.dopts.pin = opt_value(argc, argv, &i, arg);
			if (!o.dopts.pin || !*o.dopts.pin) {
				fprintf(stderr,
					"copyscope demo: --pin takes CPU or CPU,CPU\n");
				return EXIT_USAGE;
			}
		} else if (is_opt(arg, "--record")) {
			FILE *f;

			o.record = opt_value(argc, argv, &i, arg);
			if (!o.record || !*o.record) {
				fprintf(stderr,
					"copyscope demo: --record takes a file\n");
				return EXIT_USAGE;
			}
			/* a path that cannot be written fails now, not later */
			f = fopen(o.record, "w");
			if (!f) {
				fprintf(stderr,
					"copyscope demo: cannot write %s: %s\n",
					o.record, strerror(errno));
				return 1;
			}
			fclose(f);
		} else if (is_opt(arg, "--speed")) {
			char *end;

			v = opt_value(argc, argv, &i, arg);
			o.speed = v ? strtod(v, &end) : -1;
			if (!v || *end || o.speed < 0.125 || o.speed > 32) {
				fprintf(stderr,
					"copyscope demo: --speed takes a factor from 0.125 to 32\n");
				return EXIT_USAGE;
			}
		} else if (arg[0] == '-') {
			fprintf(stderr,
				"copyscope demo: unknown option '%s'\n(try 'copyscope demo --help')\n",
				arg);
			return EXIT_USAGE;
		} else if (!name) {
			name = arg;
		} else {
			fprintf(stderr,
				"copyscope demo: one demo at a time ('%s'?)\n",
				arg);
			return EXIT_USAGE;
		}
	}
	if (!name) {
		fprintf(stderr,
			"copyscope demo: which demo?  These exist:\n\n");
		list_demos(stderr);
		return EXIT_USAGE;
	}
	o.demo = demo_lookup(name);
	if (!o.demo) {
		fprintf(stderr,
			"copyscope demo: no demo called '%s'; these exist:\n\n",
			name);
		list_demos(stderr);
		return EXIT_USAGE;
	}
	if (need_terminal("demo"))
		return EXIT_USAGE;
	return App_run(&o);
}

int cmd_tour(int argc, char **argv)
{
	struct app_opts o;

	memset(&o, 0, sizeof(o));
	o.dopts.cold = true;
	o.tour = true;
	o.class_mode = true;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-class")) {
			o.class_mode = false;
		} else {
			fprintf(stderr,
				"copyscope: unknown option '%s' (the tour takes "
				"--no-class; try 'copyscope help')\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	if (need_terminal(NULL))
		return EXIT_USAGE;
	return App_run(&o);
}

bool tui_trace_wanted(const struct trace_args *a)
{
	return isatty(0) && isatty(1) && !a->json && !a->quiet && !a->output &&
	       !a->text && !a->counters_only && !a->report && !a->record &&
	       !a->duration;
}

int tui_trace(const struct trace_args *a)
{
	struct session_opts so;
	struct app_opts o;
	char what[64];

	session_opts_default(&so);
	so.pid = a->pid;
	so.argv = a->argv;
	so.probe.ringbuf_bytes = a->ringbuf;
	so.probe.follow_forks = a->follow;
	so.probe.all_syscalls = !a->io_only;
	so.probe.forced_tier = a->tier;
	so.probe.verbose = a->verbose;
	so.probe.emit_mask = ~0ULL;
	if (a->pid)
		snprintf(what, sizeof(what), "pid %d", (int)a->pid);
	else
		snprintf(what, sizeof(what), "%s", a->argv[0]);
	memset(&o, 0, sizeof(o));
	o.trace = &so;
	o.what = what;
	return App_run(&o);
}
