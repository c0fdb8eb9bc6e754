/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* event_json.h - one probe record as one JSON line (schema: doc/json.md). */
#ifndef COPYSCOPE_EVENT_JSON_H
#define COPYSCOPE_EVENT_JSON_H

#include "abi/copyscope.h"
#include "views/json.h"

/* rec must have passed record_check(). base_ts is subtracted from times. */
void event_json(struct json *j, const struct cs_hdr *rec, uint64_t base_ts);

/*
 * The kernel counters of one process as a JSON line; with derived (see
 * counters_text()), "records_check" and "records_differ" too.
 */
void counters_json(struct json *j, uint32_t tgid, const char *comm,
		   const struct cs_counters *c,
		   const struct cs_counters *derived);

#endif
