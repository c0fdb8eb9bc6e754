// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report_check.c - a row's records checked against the kernel's exact
 * counters, with the differences named (which counter, which process, by
 * how much), so that a failing run explains itself without a rerun.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "abi/record.h"
#include "views/report.h"

unsigned report_check_process(struct report_row *row, const struct cs_model *m,
			      uint32_t tgid, const struct cs_counters *kernel)
{
	enum cs_counter diff[CS_C_MAX];
	struct cs_counters derived;
	struct cs_proc_info pi;
	size_t n, i;

	model_derived_counters(m, tgid, &derived);
	n = model_counters_compare(&derived, kernel, diff, CS_C_MAX);
	row->checked_procs++;
	row->counters_differ += (unsigned)n;
	if (!model_process(m, tgid, &pi))
		memset(&pi, 0, sizeof(pi));
	for (i = 0; i < n && row->n_diffs < REPORT_MAX_DIFFS; i++) {
		struct report_diff *d = &row->diffs[row->n_diffs++];

		d->tgid = tgid;
		d->counter = (uint16_t)diff[i];
		memcpy(d->comm, pi.comm, sizeof(d->comm));
		d->kernel = kernel->v[diff[i]];
		d->records = derived.v[diff[i]];
	}
	return (unsigned)n;
}

void report_fmt_diff(char *buf, size_t len, const struct report_diff *d)
{
	uint64_t more = d->kernel > d->records ? d->kernel - d->records :
						 d->records - d->kernel;

	snprintf(buf, len,
		 "%s: the kernel counted %" PRIu64 ", the records show %" PRIu64
		 " (%s%" PRIu64 ")",
		 counter_name(d->counter), d->kernel, d->records,
		 d->kernel > d->records ? "-" : "+", more);
}
