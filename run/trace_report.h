/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * trace_report.h - 'copyscope trace --report': the comparison table of
 * 'copyscope report' for any traced process.  Every record goes to a model
 * (no phase gate: the whole trace counts); at the end the row is built
 * from the model, its system calls and switches taken from the kernel's
 * exact counters, and every process's records are checked against them.
 */
#ifndef COPYSCOPE_TRACE_REPORT_H
#define COPYSCOPE_TRACE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bpf/probe.h"
#include "model/model.h"
#include "run/session.h"
#include "views/report.h"

struct trace_report;

/* focus_tgid: the traced process (its buffer is "your buffer");
 * phase_gate: a demo's recording, whose transfer phase alone counts, as it
 * did live (the row then comes from records only).  NULL when out of
 * memory. */
struct trace_report *trace_report_new(uint32_t focus_tgid, bool phase_gate);
/* Flows that moved less than bytes fold into "other" (default
 * CS_FLOW_MIN_BYTES; 0: every flow its own row). */
void trace_report_flow_min(struct trace_report *r, uint64_t bytes);
void trace_report_feed(struct trace_report *r, const struct cs_hdr *rec);
/*
 * Flush the model and print the table to out: text, or with json one line
 * {"type":"report","report":{...}} of the JSON-lines stream.  Every
 * system call must have been recorded (trace_args refuses --io-only and
 * --counters-only with --report).  Returns 0, or -1 when writing failed.
 */
int trace_report_print(struct trace_report *r, struct session *s, FILE *out,
		       bool json);
/*
 * The same from a session or, with p NULL, from records alone (a replay:
 * the kernel counters are those the recording closed with, when it has
 * them).
 */
int trace_report_render(struct trace_report *r, struct session *p,
			const char *tier, const char *kernel, FILE *out,
			bool json);
void trace_report_free(struct trace_report *r);
/* Its model (names, recorded counters). */
const struct cs_model *trace_report_model(const struct trace_report *r);

/*
 * Every process the session traced: its records (as the model saw them, the
 * whole run) against the kernel's exact counters.  Sets row->drops,
 * row->checked_procs and row->counters_differ; with dump, also writes the
 * kernel's counters there, one "TGID NAME VALUE" per line.  Shared with
 * 'copyscope report'.
 */
void report_check_counters(struct report_row *row, const struct cs_model *m,
			   struct session *s, FILE *dump);
/*
 * The same for a replay, against the counters the recording closed with
 * (CS_EV_COUNTERS); processes without them are not checked.
 */
void report_check_recorded(struct report_row *row, const struct cs_model *m);

#endif
