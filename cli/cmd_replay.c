// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cmd_replay.c - 'copyscope replay FILE': play back a recording made by
 * 'copyscope trace --record'.  Nothing is traced, so no privileges are
 * needed: a class records on a machine with a good tier, students watch at
 * home.  On a terminal the live screen (ui/App.c through run/feed.c);
 * otherwise the event stream, byte for byte what 'copyscope trace' printed
 * while recording, and optionally the comparison table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi/record.h"
#include "abi/recording.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "run/outfile.h"
#include "run/privilege.h"
#include "model/model.h"
#include "run/trace_report.h"
#include "ui/App.h"
#include "views/escape.h"
#include "views/event_json.h"
#include "views/event_text.h"

static const char replay_usage[] =
	"usage: copyscope replay [OPTIONS] FILE\n"
	"\n"
	"Play back a recording made with 'copyscope trace --record FILE' or\n"
	"'copyscope demo NAME --record FILE'.\n"
	"Nothing is traced, so no privileges are needed.  On a terminal the\n"
	"live screen unfolds as it did while recording (keys as in 'copyscope\n"
	"trace'; r starts the recording again); otherwise the events as\n"
	"'copyscope trace' printed them.\n"
	"\n"
	"      --text           the text stream, even on a terminal\n"
	"      --json           one JSON object per line (doc/json.md)\n"
	"  -o, --output FILE    write the events to FILE instead of stdout\n"
	"  -q, --quiet          no events (with --report: only the table)\n"
	"      --report         at the end, the comparison table for the\n"
	"                       recorded process, its records checked against\n"
	"                       the kernel counters the recording closed with\n"
	"      --speed X        animation speed factor on screen (default 1;\n"
	"                       0.125 to 32)\n"
	"      --quiz           on screen, before each recorded step of a demo:\n"
	"                       predict what the call moves, then see it\n"
	"  -h, --help           this text\n";

struct replay_args {
	const char *file;
	const char *output;
	bool text, json, report, quiet, help, quiz;
	double speed;
};

static int parse(struct replay_args *a, int argc, char **argv, char *err,
		 size_t errlen)
{
	enum { O_TEXT = 256, O_JSON, O_REPORT, O_SPEED, O_QUIZ };
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "text", no_argument, NULL, O_TEXT },
		{ "json", no_argument, NULL, O_JSON },
		{ "report", no_argument, NULL, O_REPORT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "output", required_argument, NULL, 'o' },
		{ "speed", required_argument, NULL, O_SPEED },
		{ "quiz", no_argument, NULL, O_QUIZ },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	int c;

	memset(a, 0, sizeof(*a));
	opts_init(&o, argc, argv, longs, false);
	while ((c = opts_next(&o, err, errlen)) != -1) {
		switch (c) {
		case OPTS_ERROR:
			return -1;
		case 'h':
			a->help = true;
			break;
		case O_TEXT:
			a->text = true;
			break;
		case O_JSON:
			a->json = true;
			break;
		case O_REPORT:
			a->report = true;
			break;
		case O_QUIZ:
			a->quiz = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'o':
			a->output = o.arg;
			if (!a->output) {
				snprintf(err, errlen, "%s needs a file name",
					 o.name);
				return -1;
			}
			break;
		case O_SPEED:
			if (parse_speed(o.arg, &a->speed)) {
				snprintf(err, errlen, "%s", speed_error);
				return -1;
			}
			break;
		}
	}
	for (int i = opts_index(&o); i < argc; i++) {
		if (a->file) {
			snprintf(err, errlen, "one recording at a time ('%s'?)",
				 argv[i]);
			return -1;
		}
		a->file = argv[i];
	}
	if (!a->help && !a->file) {
		snprintf(err, errlen, "which recording?  give its FILE");
		return -1;
	}
	if (a->text && a->json) {
		snprintf(err, errlen, "--text or --json, not both");
		return -1;
	}
	return 0;
}

static void print_start(struct json *j, bool json, const char *file,
			const struct cs_rec_header *h)
{
	const char *tier = tier_name((int)h->tier);
	/* the recording's words, which anyone could have written */
	char what[ESC_SIZE(sizeof(h->what))],
		kernel[ESC_SIZE(sizeof(h->kernel))];

	if (json) {
		json_object_begin(j, NULL);
		json_str(j, "type", "start");
		json_uint(j, "abi", h->abi);
		json_bool(j, "replay", true);
		json_str(j, "recording", file);
		json_str(j, "kernel", h->kernel);
		json_str(j, "tier", tier);
		json_uint(j, "pid", h->pid);
		json_str(j, "what", h->what);
		json_object_end(j);
	} else {
		fprintf(stderr,
			"copyscope: replaying %s: %s, pid %u, traced on %s with the %s tier\n",
			file,
			h->what[0] ? esc_str(what, sizeof(what), h->what,
					     sizeof(h->what)) :
				     "(unnamed)",
			h->pid,
			h->kernel[0] ? esc_str(kernel, sizeof(kernel),
					       h->kernel, sizeof(h->kernel)) :
				       "an unnamed kernel",
			tier);
	}
}

/*
 * The end, as 'copyscope trace' ends: the kernel's counters of every
 * process (as the recording closed with them), what was lost, and what
 * the file held.
 */
static void print_end(struct json *j, bool json, const char *file,
		      const struct recording *r, const struct cs_model *m)
{
	static uint32_t tgids[4096];
	size_t n = model_processes(m, tgids, 4096);
	struct cs_proc_info pi;
	struct cs_counters c, d;
	uint64_t drops = 0;
	bool have = false;

	for (size_t i = 0; i < n && i < 4096; i++) {
		if (!model_recorded_counters(m, tgids[i], &c))
			continue;
		if (!have && !json)
			fprintf(stderr, "\ncopyscope: kernel counters, as "
					"recorded (exact, even when records "
					"were lost)\n");
		have = true;
		drops += c.v[CS_C_DROPS];
		if (!model_process(m, tgids[i], &pi))
			pi.comm[0] = 0;
		model_derived_counters(m, tgids[i], &d);
		if (json)
			counters_json(j, tgids[i], pi.comm, &c, &d);
		else
			counters_text(stderr, tgids[i], pi.comm, &c, &d);
	}
	if (json) {
		json_object_begin(j, NULL);
		json_str(j, "type", "summary");
		json_uint(j, "records", r->records);
		json_uint(j, "bad_records", r->bad);
		json_bool(j, "corrupt", r->corrupt);
		if (have)
			json_uint(j, "drops", drops);
		else
			json_null(j, "drops");
		json_object_end(j);
	} else {
		if (have)
			fprintf(stderr,
				"records lost (ring buffer full): %llu\n",
				(unsigned long long)drops);
		else
			fprintf(stderr, "records lost: not in this recording "
					"(it has no counters)\n");
		fprintf(stderr, "copyscope: %llu records replayed",
			(unsigned long long)r->records);
		if (r->bad)
			fprintf(stderr, ", %llu malformed ones skipped",
				(unsigned long long)r->bad);
		fputc('\n', stderr);
	}
	if (r->corrupt)
		fprintf(stderr,
			"copyscope replay: the rest of %s is unreadable "
			"(truncated or damaged): what came before it is above\n",
			file);
}

/* The stream: every record as 'copyscope trace' printed it. */
static int replay_stream(const struct replay_args *a)
{
	static unsigned char buf[CS_REC_MAX_RECORD];
	struct trace_report *rep = NULL;
	FILE *out = stdout;
	struct recording r;
	struct json j;
	char why[256];
	size_t n;
	int ret = 1;

	if (recording_open_path(&r, a->file, why, sizeof(why))) {
		fprintf(stderr, "copyscope replay: %s\n", why);
		return 1;
	}
	if (a->output) {
		out = outfile_open("copyscope replay", a->output, false);
		if (!out) {
			fprintf(stderr,
				"copyscope replay: cannot write %s: %s\n",
				a->output, strerror(errno));
			out = stdout;
			goto cleanup;
		}
	}
	/* its model names the processes and keeps the recorded counters */
	if (!(rep = trace_report_new(r.h.pid, recording_has_phases(&r)))) {
		fprintf(stderr, "copyscope replay: out of memory\n");
		goto cleanup;
	}
	json_init(&j, out);
	print_start(&j, a->json, a->file, &r.h);
	/* a full disk ends it (outfile.c said so) */
	while (!outfile_failed() && (n = recording_next(&r, buf, sizeof(buf)))) {
		const struct cs_hdr *h = (const void *)buf;

		trace_report_feed(rep, h);
		/* the counters come at the end, as trace prints them */
		if (a->quiet || h->type == CS_EV_COUNTERS)
			continue;
		if (a->json)
			event_json(&j, h, r.h.start_ts);
		else
			event_text(out, h, r.h.start_ts);
	}
	print_end(&j, a->json, a->file, &r, trace_report_model(rep));
	ret = 0;
	if (a->report &&
	    trace_report_render(rep, NULL, tier_name((int)r.h.tier), r.h.kernel,
				out, a->json)) {
		fprintf(stderr,
			"copyscope replay: writing the report failed\n");
		ret = 1;
	}
	if (out == stdout && fflush(out)) {
		fprintf(stderr, "copyscope replay: writing failed: %s\n",
			strerror(errno));
		ret = 1;
	}
cleanup:
	trace_report_free(rep);
	if (out != stdout && outfile_close(out))
		ret = EXIT_OUTPUT;
	recording_close(&r);
	return ret;
}

int cmd_replay(int argc, char **argv)
{
	struct replay_args a;
	struct app_opts o;
	char err[256];

	/* a recording is all it reads, and anyone may have written it */
	priv_drop(PRIV_NONE);
	if (parse(&a, argc, argv, err, sizeof(err)))
		return opts_usage_error("replay", err);
	if (a.help) {
		fputs(replay_usage, stdout);
		return 0;
	}
	if (a.text || a.json || a.output || a.report || a.quiet || !isatty(0) ||
	    !isatty(1))
		return replay_stream(&a);
	memset(&o, 0, sizeof(o));
	o.replay = a.file;
	o.speed = a.speed;
	/* the quiz comes with the class's screen */
	o.quiz = o.class_mode = a.quiz;
	return App_run(&o);
}
