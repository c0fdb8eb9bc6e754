// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cmd_export.c - 'copyscope export FILE': a recording as a trace file for
 * a timeline viewer (Chrome trace events: Perfetto, chrome://tracing).
 * The records go through the model, so the file shows what the screen
 * shows: system calls, time off the CPU, every transfer with its kind and
 * evidence, the bytes moved per process.  No privileges needed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "abi/recording.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "run/outfile.h"
#include "run/privilege.h"
#include "model/model.h"
#include "views/export_chrome.h"

static const char export_usage[] =
	"usage: copyscope export [-o OUT] FILE\n"
	"\n"
	"Write the recording FILE ('copyscope trace --record' or 'copyscope\n"
	"demo --record') as Chrome trace events, the JSON that Perfetto\n"
	"(ui.perfetto.dev) and chrome://tracing open: per thread its system\n"
	"calls and its time off the CPU as slices; every transfer, page fault\n"
	"and note as an instant event with its kind, bytes and evidence; per\n"
	"process a counter of the bytes moved by CPU, DMA, REF and MAP.\n"
	"A demo's recording keeps its set-up out, as the screen does.\n"
	"\n"
	"  -o, --output OUT   write there (default: standard output)\n"
	"  -h, --help         this text\n";

struct export_run {
	struct chrome_export *x;
	bool gated; /* a demo's recording: the set-up stays out */
};

static void on_fact(const struct cs_fact *f, void *data)
{
	struct export_run *e = data;

	if (e->gated && !f->counted && f->type != CS_FACT_NOTE &&
	    f->type != CS_FACT_PROCESS)
		return;
	chrome_export_fact(f, e->x);
}

static int export_file(const char *file, const char *output)
{
	static unsigned char buf[CS_REC_MAX_RECORD];
	struct cs_model_opts mo = { 0 };
	struct export_run e = { 0 };
	struct cs_model *m = NULL;
	FILE *out = stdout;
	struct recording r;
	char why[256];
	size_t n;
	int ret = 1;

	if (recording_open_path(&r, file, why, sizeof(why))) {
		fprintf(stderr, "copyscope export: %s\n", why);
		return 1;
	}
	if (output && !(out = outfile_open("copyscope export", output, false))) {
		fprintf(stderr, "copyscope export: cannot write %s: %s\n",
			output, strerror(errno));
		out = stdout;
		goto cleanup;
	}
	e.gated = recording_has_phases(&r);
	e.x = chrome_export_begin(out, r.h.start_ts, r.h.what);
	mo.sink = on_fact;
	mo.sink_data = &e;
	mo.focus_tgid = r.h.pid;
	mo.phase_gate = e.gated;
	m = e.x ? model_new(&mo) : NULL;
	if (!m) {
		fprintf(stderr, "copyscope export: out of memory\n");
		goto cleanup;
	}
	/* a full disk ends it (outfile.c said so) */
	while (!outfile_failed() && (n = recording_next(&r, buf, sizeof(buf))))
		model_feed(m, buf, n);
	model_flush(m);
	if (r.corrupt)
		fprintf(stderr,
			"copyscope export: the rest of %s is unreadable "
			"(truncated or damaged): exported what came before\n",
			file);
	ret = 0;
cleanup:
	model_free(m);
	if (e.x && chrome_export_end(e.x) && !outfile_failed()) {
		fprintf(stderr, "copyscope export: writing %s failed\n",
			output ? output : "the output");
		ret = 1;
	}
	if (out != stdout && outfile_close(out))
		ret = EXIT_OUTPUT;
	recording_close(&r);
	return ret;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *output = NULL;
	char err[256];
	struct opts o;
	int c;

	/* a recording is all it reads, and anyone may have written it */
	priv_drop(PRIV_NONE);
	opts_init(&o, argc, argv, longs, false);
	while ((c = opts_next(&o, err, sizeof(err))) != -1) {
		switch (c) {
		case OPTS_ERROR:
			return opts_usage_error("export", err);
		case 'h':
			fputs(export_usage, stdout);
			return 0;
		case 'o':
			output = o.arg;
			if (!output) {
				snprintf(err, sizeof(err),
					 "%s needs a file name", o.name);
				return opts_usage_error("export", err);
			}
			break;
		}
	}
	for (int i = opts_index(&o); i < argc; i++) {
		if (file) {
			snprintf(err, sizeof(err),
				 "one recording at a time ('%s'?)", argv[i]);
			return opts_usage_error("export", err);
		}
		file = argv[i];
	}
	if (!file)
		return opts_usage_error("export",
					"which recording?  give its FILE");
	return export_file(file, output);
}
