/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* event_text.h - one probe record as one line of text for people. */
#ifndef COPYSCOPE_EVENT_TEXT_H
#define COPYSCOPE_EVENT_TEXT_H

#include <stdio.h>

#include "bpf/copyscope.h"

/* rec must have passed record_check(). base_ts is subtracted from times. */
void event_text(FILE *out, const struct cs_hdr *rec, uint64_t base_ts);

/* The kernel counters of one process, one "name value" per line. */
void counters_text(FILE *out, uint32_t tgid, const char *comm,
		   const struct cs_counters *c);

#endif
