// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cmd_replay.c - 'copyscope replay FILE': play back a recording made by
 * 'copyscope trace --record'.  Nothing is traced, so no privileges are
 * needed: a class records on a machine with a good tier, students watch at
 * home.  On a terminal the live screen (ui/App.c through ui/Feed.c);
 * otherwise the event stream, byte for byte what 'copyscope trace' printed
 * while recording, and optionally the comparison table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/trace_report.h"
#include "model/model.h"
#include "model/record.h"
#include "ui/App.h"
#include "views/event_json.h"
#include "views/event_text.h"
#include "views/recording.h"

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
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			a->help = true;
		} else if (!strcmp(arg, "--text")) {
			a->text = true;
		} else if (!strcmp(arg, "--json")) {
			a->json = true;
		} else if (!strcmp(arg, "--report")) {
			a->report = true;
		} else if (!strcmp(arg, "--quiz")) {
			a->quiz = true;
		} else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
			a->quiet = true;
		} else if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "%s takes a file", arg);
				return -1;
			}
			a->output = argv[++i];
		} else if (!strcmp(arg, "--speed")) {
			char *end = NULL;

			if (i + 1 < argc)
				a->speed = strtod(argv[++i], &end);
			if (!end || *end || a->speed < 0.125 || a->speed > 32) {
				snprintf(
					err, errlen,
					"--speed takes a factor from 0.125 to 32");
				return -1;
			}
		} else if (arg[0] == '-' && arg[1]) {
			snprintf(err, errlen, "unknown option '%s'", arg);
			return -1;
		} else if (!a->file) {
			a->file = arg;
		} else {
			snprintf(err, errlen, "one recording at a time ('%s'?)",
				 arg);
			return -1;
		}
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
			file, h->what[0] ? h->what : "(unnamed)", h->pid,
			h->kernel[0] ? h->kernel : "an unnamed kernel", tier);
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
	struct cs_counters c;
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
		if (json)
			counters_json(j, tgids[i], pi.comm, &c);
		else
			counters_text(stderr, tgids[i], pi.comm, &c);
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
		out = fopen(a->output, "w");
		if (!out) {
			fprintf(stderr,
				"copyscope replay: cannot write %s: %s\n",
				a->output, strerror(errno));
			out = stdout;
			goto cleanup;
		}
	}
	/* its model names the processes and keeps the recorded counters */
	if (!(rep = trace_report_new(r.h.pid))) {
		fprintf(stderr, "copyscope replay: out of memory\n");
		goto cleanup;
	}
	json_init(&j, out);
	print_start(&j, a->json, a->file, &r.h);
	while ((n = recording_next(&r, buf, sizeof(buf)))) {
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
	if (fflush(out)) {
		fprintf(stderr, "copyscope replay: writing failed: %s\n",
			strerror(errno));
		ret = 1;
	}
cleanup:
	trace_report_free(rep);
	if (out != stdout)
		fclose(out);
	recording_close(&r);
	return ret;
}

int cmd_replay(int argc, char **argv)
{
	struct replay_args a;
	struct app_opts o;
	char err[256];

	if (parse(&a, argc, argv, err, sizeof(err))) {
		fprintf(stderr,
			"copyscope replay: %s\n(try 'copyscope replay --help')\n",
			err);
		return EXIT_USAGE;
	}
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
