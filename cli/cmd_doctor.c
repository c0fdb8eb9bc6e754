// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cmd_doctor.c - 'copyscope doctor': what this kernel and these privileges
 * allow, found by trying each attach type, and the tier 'trace' would use.
 */
#include <stdio.h>
#include <string.h>

#include "abi/record.h"
#include "bpf/features.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "run/privilege.h"
#include "cli/doctor_class.h"
#include "views/json.h"

static const char usage[] =
	"usage: copyscope doctor [--json] [--no-fentry] [--no-kprobe]\n"
	"\n"
	"Say what this kernel and these privileges allow: kernel BTF, tracefs,\n"
	"each BPF attach type (works, refused, not built, and why, found by\n"
	"loading and attaching a tiny program), the capabilities present and\n"
	"missing, and the tier 'copyscope trace' would use for each copy-path\n"
	"function, and whether it is ready for a class (BTF, privileges, a disk\n"
	"for the demo files, network namespaces, the terminal's size).  Exit\n"
	"status 0 when tracing is possible here, 1 when not.\n"
	"\n"
	"  --json        one JSON object\n"
	"  --no-fentry   behave as if fentry were unavailable\n"
	"  --no-kprobe   behave as if kprobes were unavailable\n"
	"  -h, --help    this text\n";

static const struct {
	int bit;
	const char *name;
	const char *use;
} caps[] = {
	{ 39, "CAP_BPF", "load BPF programs and maps" },
	{ 38, "CAP_PERFMON", "attach tracing programs, read kernel memory" },
	{ 21, "CAP_SYS_ADMIN", "replaces both of the above on any kernel" },
	{ 12, "CAP_NET_ADMIN", "the sendfile_nogather demo's network namespace" },
};

#define NCAPS (sizeof(caps) / sizeof(caps[0]))

struct attach_row {
	const char *name;
	const struct cs_check *c;
};

static void rows(const struct cs_features *f, struct attach_row r[6])
{
	r[0] = (struct attach_row){ "tp_btf", &f->tp_btf };
	r[1] = (struct attach_row){ "raw_tracepoint", &f->raw_tp };
	r[2] = (struct attach_row){ "tracepoint", &f->tracepoint };
	r[3] = (struct attach_row){ "fentry", &f->fentry };
	r[4] = (struct attach_row){ "kprobe", &f->kprobe };
	r[5] = (struct attach_row){ "uprobe", &f->uprobe };
}

static void check_json(struct json *j, const char *key, const struct cs_check *c)
{
	json_object_begin(j, key);
	json_str(j, "status", status_name(c->status));
	if (c->err)
		json_int(j, "errno", c->err);
	json_str(j, "why", c->why);
	json_object_end(j);
}

/* static: the texts are long */
static struct class_check cls[CLASS_CHECKS];

static void doctor_json(const struct cs_features *f, int tier,
			const int fn_tier[CS_FN_MAX], bool ok, const char *why)
{
	struct attach_row r[6];
	struct json j;

	json_init(&j, stdout);
	rows(f, r);
	json_object_begin(&j, NULL);
	json_str(&j, "kernel", f->release);
	json_bool(&j, "root", f->root);
	json_bool(&j, "can_trace", ok);
	if (!ok)
		json_str(&j, "why_not", why);
	check_json(&j, "btf", &f->btf);
	check_json(&j, "tracefs", &f->tracefs);
	json_object_begin(&j, "attach");
	for (int i = 0; i < 6; i++)
		check_json(&j, r[i].name, r[i].c);
	json_object_end(&j);
	json_object_begin(&j, "capabilities");
	for (size_t i = 0; i < NCAPS; i++)
		json_bool(&j, caps[i].name, f->cap_eff & (1ULL << caps[i].bit));
	json_object_end(&j);
	priv_doctor_json(&j);
	json_str(&j, "tier", tier_name(tier));
	json_object_begin(&j, "functions");
	for (int i = 0; i < CS_FN_MAX; i++) {
		json_object_begin(&j, copy_fn_name(i));
		json_str(&j, "tier", tier_name(fn_tier[i]));
		check_json(&j, "fentry", &f->fn_fentry[i]);
		check_json(&j, "kprobe", &f->fn_kprobe[i]);
		json_object_end(&j);
	}
	json_object_end(&j);
	doctor_class(f, ok, cls);
	json_object_begin(&j, "class");
	for (int i = 0; i < CLASS_CHECKS; i++) {
		json_object_begin(&j, cls[i].name);
		json_bool(&j, "ok", cls[i].ok);
		json_str(&j, "text", cls[i].text);
		json_object_end(&j);
	}
	json_object_end(&j);
	json_object_end(&j);
}

static void doctor_text(const struct cs_features *f, int tier,
			const int fn_tier[CS_FN_MAX], bool ok, const char *why)
{
	struct attach_row r[6];

	rows(f, r);
	printf("kernel        %s\n", f->release);
	printf("kernel BTF    %s: %s\n", status_name(f->btf.status), f->btf.why);
	printf("tracefs       %s: %s\n", status_name(f->tracefs.status),
	       f->tracefs.why);
	printf("\nattach types (each tried with a real load and attach):\n");
	for (int i = 0; i < 6; i++)
		printf("  %-15s %-10s %s\n", r[i].name, status_name(r[i].c->status),
		       r[i].c->why);
	printf("\ncapabilities (effective):\n");
	for (size_t i = 0; i < NCAPS; i++)
		printf("  %-14s %-8s %s\n", caps[i].name,
		       f->cap_eff & (1ULL << caps[i].bit) ? "present" : "MISSING",
		       caps[i].use);
	priv_doctor_text(stdout);
	printf("\ntier: %s\n", tier_name(tier));
	switch (tier) {
	case CS_TIER_FENTRY:
		printf("  copy-path functions are watched with fexit programs: "
		       "their byte counts are measured\n");
		break;
	case CS_TIER_KPROBE:
		printf("  copy-path functions are watched with kprobes: their "
		       "byte counts are measured\n");
		break;
	default:
		printf("  no copy-path function can be watched here: copies are "
		       "proven by tracepoints,\n  their sizes attributed from "
		       "system call results (fentry: %s; kprobe: %s)\n",
		       status_name(f->fentry.status), status_name(f->kprobe.status));
	}
	printf("\ncopy-path functions:\n");
	for (int i = 0; i < CS_FN_MAX; i++)
		printf("  %-28s %-10s fentry %s, kprobe %s\n", copy_fn_name(i),
		       tier_name(fn_tier[i]), status_name(f->fn_fentry[i].status),
		       status_name(f->fn_kprobe[i].status));
	doctor_class(f, ok, cls);
	printf("\nready for class:\n");
	for (int i = 0; i < CLASS_CHECKS; i++)
		printf("  %-4s %s\n", cls[i].ok ? "ok" : "NO", cls[i].text);
	if (ok)
		printf("\ncopyscope can trace here.\n");
	else
		printf("\ncopyscope cannot trace here: %s\n", why);
}

int cmd_doctor(int argc, char **argv)
{
	enum { O_JSON = 256, O_NO_FENTRY, O_NO_KPROBE };
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, O_JSON },
		{ "no-fentry", no_argument, NULL, O_NO_FENTRY },
		{ "no-kprobe", no_argument, NULL, O_NO_KPROBE },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, no_fentry = false, no_kprobe = false, ok;
	char err[256];
	struct opts o;
	int c;
	int fn_tier[CS_FN_MAX], tier;
	struct cs_features f;
	char why[256] = "";

	opts_init(&o, argc, argv, longs, false);
	while ((c = opts_next(&o, err, sizeof(err))) != -1) {
		switch (c) {
		case OPTS_ERROR:
			return opts_usage_error("doctor", err);
		case 'h':
			fputs(usage, stdout);
			return 0;
		case O_JSON:
			json = true;
			break;
		case O_NO_FENTRY:
			no_fentry = true;
			break;
		case O_NO_KPROBE:
			no_kprobe = true;
			break;
		}
	}
	if (opts_index(&o) < argc) {
		snprintf(err, sizeof(err), "unknown option '%s'",
			 argv[opts_index(&o)]);
		return opts_usage_error("doctor", err);
	}
	features_probe(&f, no_fentry, no_kprobe, false);
	tier = tier_choose(&f, CS_TIER_NONE, fn_tier);
	ok = features_can_trace(&f, why, sizeof(why));
	if (ok && f.btf.status != CS_ST_WORKS) {
		ok = false;
		snprintf(why, sizeof(why), "%s", f.btf.why);
	} else if (ok && f.tp_btf.status != CS_ST_WORKS) {
		ok = false;
		snprintf(why, sizeof(why), "BTF tracepoints: %s", f.tp_btf.why);
	}
	if (json)
		doctor_json(&f, tier, fn_tier, ok, why);
	else
		doctor_text(&f, tier, fn_tier, ok, why);
	return ok ? 0 : 1;
}
