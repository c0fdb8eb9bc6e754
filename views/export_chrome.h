/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * export_chrome.h - the model's facts as a Chrome trace-event file, the
 * JSON that Perfetto (ui.perfetto.dev) and chrome://tracing open: one
 * track per thread with its system calls as slices (and the time it spent
 * off the CPU inside them), every transfer, fault and note as an instant
 * event, and per process a counter of the bytes moved by each kind (CPU,
 * DMA, REF, MAP).  Times are microseconds from the start of tracing.
 */
#ifndef COPYSCOPE_EXPORT_CHROME_H
#define COPYSCOPE_EXPORT_CHROME_H

#include <stdint.h>
#include <stdio.h>

#include "model/model.h"

struct chrome_export;

/*
 * Start the file on out; base_ts: the CLOCK_MONOTONIC time that becomes 0.
 * what names the trace (the command, the demo).  NULL when out of memory.
 */
struct chrome_export *chrome_export_begin(FILE *out, uint64_t base_ts,
					  const char *what);
/* A cs_fact_sink: give it to the model (data: the chrome_export). */
void chrome_export_fact(const struct cs_fact *f, void *data);
/* Close the file's JSON and free x.  0, or -1 when writing failed. */
int chrome_export_end(struct chrome_export *x);

#endif
