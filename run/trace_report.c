// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * trace_report.c - the table of 'copyscope report' for a traced process
 * (see trace_report.h).  A demo announces its transfer phase; a program
 * that is not ours does not, so everything from the start of tracing to
 * its end counts, and the kernel's counters cover the same window.
 */
#include <stdlib.h>
#include <string.h>

#include "abi/record.h"
#include "bpf/features.h"
#include "run/trace_report.h"

struct trace_report {
	struct cs_model *m;
	bool gated;
	uint64_t flow_min;
	char label[64];
};

struct trace_report *trace_report_new(uint32_t focus_tgid, bool phase_gate)
{
	struct cs_model_opts mo = { .focus_tgid = focus_tgid,
				    .phase_gate = phase_gate };
	struct trace_report *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->gated = phase_gate;
	r->flow_min = CS_FLOW_MIN_BYTES;
	r->m = model_new(&mo);
	if (!r->m) {
		free(r);
		return NULL;
	}
	return r;
}

void trace_report_flow_min(struct trace_report *r, uint64_t bytes)
{
	r->flow_min = bytes;
}

void trace_report_feed(struct trace_report *r, const struct cs_hdr *rec)
{
	/* a malformed record is counted by the model and skipped */
	model_feed(r->m, rec, rec->size);
}

void report_check_counters(struct report_row *row, const struct cs_model *m,
			   struct session *s, FILE *dump)
{
	struct cs_counters kc;
	uint32_t tgid = 0;

	row->drops = session_drops(s);
	row->missed_runs = session_missed_runs(s);
	while ((tgid = session_next_process(s, tgid))) {
		if (session_counters(s, tgid, &kc))
			continue;
		if (dump)
			for (int c = 0; c < CS_C_MAX; c++)
				fprintf(dump, "%u %s %llu\n", tgid,
					counter_name(c),
					(unsigned long long)kc.v[c]);
		report_check_process(row, m, tgid, &kc);
	}
}

void report_check_recorded(struct report_row *row, const struct cs_model *m)
{
	uint32_t tgids[256];
	struct cs_counters kc;
	size_t n = model_processes(m, tgids, 256);

	row->drops = 0;
	for (size_t i = 0; i < n && i < 256; i++) {
		if (!model_recorded_counters(m, tgids[i], &kc))
			continue;
		row->drops += kc.v[CS_C_DROPS];
		report_check_process(row, m, tgids[i], &kc);
	}
}

const struct cs_model *trace_report_model(const struct trace_report *r)
{
	return r->m;
}

int trace_report_print(struct trace_report *r, struct session *s, FILE *out,
		       bool json)
{
	return trace_report_render(r, s, tier_name(session_tier(s)),
				   s->feat.release, out, json);
}

/* Rows of a program that is not a demo: one per flow. */
#define MAX_FLOW_ROWS 256
#define LABEL_LEN 192

struct flow_rows {
	struct cs_flow flows[MAX_FLOW_ROWS];
	struct report_row rows[MAX_FLOW_ROWS];
	char label[MAX_FLOW_ROWS][3][LABEL_LEN];
};

/*
 * Every row carries the whole run's check (records against the kernel's
 * counters of each process, drops, missed runs): the counters are kept per
 * process, not per flow.  The kernel's counts of calls are the process's,
 * so a flow's calls are its records' own.
 */
static size_t flow_rows(struct trace_report *r, struct session *p,
			struct flow_rows *fr)
{
	struct report_row check;
	size_t n, i;

	n = model_flows(r->m, 0, r->flow_min, fr->flows, MAX_FLOW_ROWS);
	if (n > MAX_FLOW_ROWS)
		n = MAX_FLOW_ROWS;
	if (!n)
		return 0;
	memset(&check, 0, sizeof(check));
	check.missed_runs = REPORT_MISSED_UNKNOWN;
	if (p)
		report_check_counters(&check, r->m, p, NULL);
	else
		report_check_recorded(&check, r->m);
	for (i = 0; i < n; i++) {
		struct report_row *row = &fr->rows[i];
		const struct cs_flow *f = &fr->flows[i];
		char(*l)[LABEL_LEN] = fr->label[i];

		memset(row, 0, sizeof(*row));
		row->label = l[0];
		row->strategy = f->tot.strategy;
		row->sender = f->tot;
		row->flow = f;
		row->drops = check.drops;
		row->missed_runs = check.missed_runs;
		row->checked_procs = check.checked_procs;
		row->counters_differ = check.counters_differ;
		row->n_diffs = check.n_diffs;
		memcpy(row->diffs, check.diffs, sizeof(row->diffs));
		/* the pid too: a server's workers share a name */
		if (f->other) {
			snprintf(l[0], LABEL_LEN,
				 "pid %u (%.*s): other flows (%u)", f->tgid,
				 CS_COMM_LEN, f->comm, f->nflows);
			continue;
		}
		model_end_label(r->m, &f->src, l[1], LABEL_LEN);
		model_end_label(r->m, &f->dst, l[2], LABEL_LEN);
		row->src_label = l[1];
		row->dst_label = l[2];
		row->src_text = model_end_text(r->m, &f->src);
		row->dst_text = model_end_text(r->m, &f->dst);
		snprintf(l[0], LABEL_LEN, "pid %u (%.*s): %s -> %s", f->tgid,
			 CS_COMM_LEN, f->comm, l[1], l[2]);
	}
	return n;
}

int trace_report_render(struct trace_report *r, struct session *p,
			const char *tier, const char *kernel, FILE *out,
			bool json)
{
	struct report_opts ro = { .title = p ? "copyscope trace --report" :
					       "copyscope replay --report" };
	struct cs_proc_info pi;
	struct report_row row;
	struct flow_rows *fr;
	size_t n;
	int err;

	model_flush(r->m);
	ro.format = json ? REPORT_JSON : REPORT_TEXT;
	ro.json_type = json ? "report" : NULL;
	ro.tier = tier;
	ro.kernel = kernel;
	/* a demo announces its transfer: its row is that transfer */
	if (!r->gated) {
		fr = calloc(1, sizeof(*fr));
		if (!fr)
			return -1;
		n = flow_rows(r, p, fr);
		err = n ? report_render(out, fr->rows, n, &ro) : 0;
		free(fr);
		if (n)
			return err;
	}
	report_row_from_model(&row, r->m, NULL);
	if (row.sender.tgid) {
		if (model_process(r->m, row.sender.tgid, &pi))
			snprintf(r->label, sizeof(r->label), "pid %u (%.*s)",
				 row.sender.tgid, CS_COMM_LEN, pi.comm);
		else
			snprintf(r->label, sizeof(r->label), "pid %u",
				 row.sender.tgid);
		row.label = r->label;
		/* the same window as the records: the whole trace (a demo's
		 * transfer phase is narrower than any counter: records) */
		row.has_counters =
			r->gated ? false :
			p	 ? !session_counters(p, row.sender.tgid,
						     &row.counters) :
				   model_recorded_counters(r->m, row.sender.tgid,
							   &row.counters);
	}
	if (row.has_receiver && !r->gated)
		row.has_receiver_counters =
			p ? !session_counters(p, row.receiver.tgid,
					      &row.receiver_counters) :
			    model_recorded_counters(r->m, row.receiver.tgid,
						    &row.receiver_counters);
	if (p)
		report_check_counters(&row, r->m, p, NULL);
	else
		report_check_recorded(&row, r->m);
	return report_render(out, &row, row.sender.tgid ? 1 : 0, &ro);
}

void trace_report_free(struct trace_report *r)
{
	if (!r)
		return;
	model_free(r->m);
	free(r);
}
