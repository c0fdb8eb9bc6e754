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
	r->m = model_new(&mo);
	if (!r->m) {
		free(r);
		return NULL;
	}
	return r;
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

int trace_report_render(struct trace_report *r, struct session *p,
			const char *tier, const char *kernel, FILE *out,
			bool json)
{
	struct report_opts ro = { .title = p ? "copyscope trace --report" :
					       "copyscope replay --report" };
	struct cs_proc_info pi;
	struct report_row row;

	model_flush(r->m);
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
	ro.format = json ? REPORT_JSON : REPORT_TEXT;
	ro.json_type = json ? "report" : NULL;
	ro.tier = tier;
	ro.kernel = kernel;
	return report_render(out, &row, row.sender.tgid ? 1 : 0, &ro);
}

void trace_report_free(struct trace_report *r)
{
	if (!r)
		return;
	model_free(r->m);
	free(r);
}
