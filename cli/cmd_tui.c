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
#include "cli/opts.h"
#include "cli/trace_args.h"
#include "run/demo_run.h"
#include "run/serve_proto.h"
#include "ui/App.h"

static const char demo_usage[] =
	"usage: copyscope demo NAME [OPTIONS]\n"
	"       copyscope demo --list\n"
	"\n"
	"Run one bundled demo under the tracer and watch it on screen: the\n"
	"places its bytes pass through, every DMA transfer and CPU copy as it\n"
	"happens, mode and context switches, and its row of the comparison\n"
	"table filling live.  Needs root (or CAP_BPF and CAP_PERFMON), or a\n"
	"tracing service ('copyscope serve') to go through.\n"
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
	"  --socket PATH     through the tracing service at PATH ('copyscope\n"
	"                    serve'); without privileges the service at\n"
	"                    " SRV_SOCKET_DEFAULT " is used when it exists\n"
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

int cmd_demo(int argc, char **argv)
{
	enum {
		O_STEP = 256,
		O_COLD,
		O_WARM,
		O_SIZE,
		O_CHUNK,
		O_PIN,
		O_RECORD,
		O_SPEED,
		O_LIST,
		O_NO_CLASS,
		O_QUIZ,
		O_SOCKET,
	};
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "list", no_argument, NULL, O_LIST },
		{ "step", no_argument, NULL, O_STEP },
		{ "cold", no_argument, NULL, O_COLD },
		{ "warm", no_argument, NULL, O_WARM },
		{ "size", required_argument, NULL, O_SIZE },
		{ "chunk", required_argument, NULL, O_CHUNK },
		{ "pin", required_argument, NULL, O_PIN },
		{ "record", required_argument, NULL, O_RECORD },
		{ "speed", required_argument, NULL, O_SPEED },
		{ "no-class", no_argument, NULL, O_NO_CLASS },
		{ "quiz", no_argument, NULL, O_QUIZ },
		{ "socket", required_argument, NULL, O_SOCKET },
		{ NULL, 0, NULL, 0 },
	};
	struct app_opts o;
	const char *name = NULL;
	char err[256];
	struct opts op;
	int c, i;

	memset(&o, 0, sizeof(o));
	o.dopts.cold = true;
	o.tour = true;
	o.class_mode = true;
	opts_init(&op, argc, argv, longs, false);
	while ((c = opts_next(&op, err, sizeof(err))) != -1) {
		const char *v = op.arg;

		switch (c) {
		case OPTS_ERROR:
			return opts_usage_error("demo", err);
		case 'h':
			fputs(demo_usage, stdout);
			return 0;
		case O_LIST:
			list_demos(stdout);
			return 0;
		case O_STEP:
			o.dopts.step = true;
			break;
		case O_NO_CLASS:
			o.class_mode = false;
			break;
		case O_QUIZ:
			o.quiz = true;
			o.dopts.step = true; /* a question before each call */
			break;
		case O_COLD:
			o.dopts.cold = true;
			break;
		case O_WARM:
			o.dopts.cold = false;
			break;
		case O_SIZE:
		case O_CHUNK: {
			int64_t sz = v ? parse_size(v) : -1;

			if (sz <= 0) {
				snprintf(err, sizeof(err),
					 "%s takes a size like 64K or 16M",
					 op.name);
				return opts_usage_error("demo", err);
			}
			*(c == O_SIZE ? &o.dopts.size : &o.dopts.chunk) =
				(unsigned long long)sz;
			break;
		}
		case O_PIN:
			o.dopts.pin = v;
			if (!v || !*v)
				return opts_usage_error(
					"demo", "--pin takes CPU or CPU,CPU");
			break;
		case O_RECORD: {
			FILE *f;

			o.record = v;
			if (!v || !*v)
				return opts_usage_error(
					"demo", "--record needs a file name");
			/* a path that cannot be written fails now, not later */
			f = fopen(o.record, "w");
			if (!f) {
				fprintf(stderr,
					"copyscope demo: cannot write %s: %s\n",
					o.record, strerror(errno));
				return 1;
			}
			fclose(f);
			break;
		}
		case O_SPEED:
			if (parse_speed(v, &o.speed))
				return opts_usage_error("demo", speed_error);
			break;
		case O_SOCKET:
			if (!v || !*v)
				return opts_usage_error(
					"demo", "--socket needs a path");
			o.dopts.socket = v;
			break;
		}
	}
	for (i = opts_index(&op); i < argc; i++) {
		if (name) {
			snprintf(err, sizeof(err), "one demo at a time ('%s'?)",
				 argv[i]);
			return opts_usage_error("demo", err);
		}
		name = argv[i];
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
		} else if (!strcmp(argv[i], "--socket") && i + 1 < argc &&
			   argv[i + 1][0]) {
			o.dopts.socket = argv[++i];
		} else {
			fprintf(stderr,
				"copyscope: unknown option '%s' (the tour takes "
				"--no-class and --socket PATH; try 'copyscope "
				"help')\n",
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

int tui_trace(const struct session_opts *so)
{
	struct app_opts o;
	char what[128];

	if (targets_any(&so->targets))
		targets_describe(&so->targets, so->probe.follow_forks, what,
				 sizeof(what));
	else
		snprintf(what, sizeof(what), "%s", so->argv[0]);
	memset(&o, 0, sizeof(o));
	o.trace = so;
	o.what = what;
	return App_run(&o);
}
