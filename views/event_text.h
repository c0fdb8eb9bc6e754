/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* event_text.h - one probe record as one line of text for people. */
#ifndef COPYSCOPE_EVENT_TEXT_H
#define COPYSCOPE_EVENT_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "abi/copyscope.h"

/* rec must have passed record_check(). base_ts is subtracted from times. */
void event_text(FILE *out, const struct cs_hdr *rec, uint64_t base_ts);

/*
 * The kernel counters of one process, one "name value" per line.  With
 * derived (the same counters added up from its records; NULL: not
 * checked), then a line that says they agree, or one per counter that
 * differs: which, by how much.
 */
void counters_text(FILE *out, uint32_t tgid, const char *comm,
		   const struct cs_counters *c,
		   const struct cs_counters *derived);

/*
 * v / 10^scale with prec decimals, exactly as printf("%.*f", prec,
 * (double)v / 10^scale) writes it (the times of the text lines: "%.6f"
 * seconds, "%.1f" us), computed from integers: printf's floating-point
 * formatting cost more than the rest of a line.  0 <= prec < scale <= 9;
 * buf holds EVENT_TEXT_FIXED_LEN bytes; returns the length (a NUL
 * follows).
 */
#define EVENT_TEXT_FIXED_LEN 32
size_t event_text_fixed(char *buf, uint64_t v, unsigned int scale,
			unsigned int prec);

#endif
