/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * recording.h - a session saved to a file: a header, then the probe's
 * records exactly as the ring buffer gave them (with a demo's phase and
 * step records among them), then one CS_EV_COUNTERS record per process:
 * the kernel's exact counters at the end.  Written by 'copyscope trace
 * --record FILE', 'copyscope demo --record' and 'copyscope report
 * --record-dir'; read back (untrusted input: every record checked) by
 * replay, export, the model's tests and the fuzzer.
 */
#ifndef COPYSCOPE_RECORDING_H
#define COPYSCOPE_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "abi/copyscope.h"

#define CS_REC_MAGIC "CSCOPE\r\n" /* 8 bytes; the CR LF catches text-mode mangling */

struct cs_rec_header {
	char magic[8];
	__u32 abi; /* CS_ABI_VERSION of the records */
	__u32 header_size; /* sizeof(struct cs_rec_header) when written */
	__u64 start_ts; /* CLOCK_MONOTONIC ns when tracing began */
	__u32 pid; /* the traced process */
	__u32 tier; /* CS_TIER_* */
	char kernel[64]; /* uname -r of the machine that traced */
	char what[64]; /* the demo's name or the command, for people */
};

/* Start a recording: writes the header.  0 or -errno. */
int recording_begin(FILE *f, const struct cs_rec_header *h);
/* Append one record (already checked by the caller). */
int recording_write(FILE *f, const struct cs_hdr *rec);

struct recording {
	FILE *f;
	struct cs_rec_header h;
	uint64_t records; /* read so far */
	uint64_t bad; /* skipped: failed record_check() */
	bool corrupt; /* a record's size made the rest unreadable */
};

/*
 * Open a recording read from f.  Returns 0, or -1 with one sentence in err
 * (not a recording, another ABI version, truncated header).
 */
int recording_open(struct recording *r, FILE *f, char *err, size_t errlen);

/*
 * Open the recording at path for reading (r->f is then its own): 0, or -1
 * with one sentence in err ("cannot read PATH: ...", "PATH: not a
 * copyscope recording ...").  recording_close() closes it.
 */
int recording_open_path(struct recording *r, const char *path, char *err,
			size_t errlen);
void recording_close(struct recording *r);

/*
 * The next valid record into buf (cap bytes, at least
 * CS_REC_MAX_RECORD).  Returns its size, 0 at the end (or when the rest is
 * corrupt: r->corrupt tells), never a record that failed record_check().
 */
#define CS_REC_MAX_RECORD 1024
size_t recording_next(struct recording *r, void *buf, size_t cap);

/*
 * Whether the records from here on include a demo's phase records (a
 * recording of 'copyscope demo --record'): then only its transfer phase
 * counts.  Reads ahead once and comes back (false when the file cannot
 * seek, a pipe).
 */
bool recording_has_phases(struct recording *r);

#endif
