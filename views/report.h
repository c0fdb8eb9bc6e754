/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * report.h - the article's comparison table, measured: per strategy, CPU
 * copies and DMA transfers per chunk, system calls, mode switches, context
 * switches, bytes, time and throughput; the textbook row beside each
 * measured row, and why they differ.  Pure rendering of model totals:
 * text (fits 100 columns), markdown, JSON.
 */
#ifndef COPYSCOPE_REPORT_H
#define COPYSCOPE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"

enum report_format {
	REPORT_TEXT = 0,
	REPORT_MD,
	REPORT_JSON,
};

#define REPORT_CACHE_UNKNOWN 0
#define REPORT_CACHE_COLD 1
#define REPORT_CACHE_WARM 2

/* One counter of one process whose records do not add up to the kernel's. */
struct report_diff {
	uint32_t tgid;
	uint16_t counter; /* enum cs_counter; names: counter_name() */
	char comm[CS_COMM_LEN];
	uint64_t kernel, records;
};

#define REPORT_MAX_DIFFS 8
#define REPORT_MISSED_UNKNOWN UINT64_MAX

/* One demo run (or one traced program): the two sides of the transfer. */
struct report_row {
	const char *label; /* demo name or "pid 1234 (nginx)" */
	enum cs_strategy strategy; /* the sender's, recognised by the model */
	struct cs_totals sender;
	bool has_receiver;
	struct cs_totals receiver;
	/*
	 * The kernel's exact counters of the sender over the same window
	 * (the caller subtracts the values at the phase start).  When set,
	 * system calls, mode and context switches come from them: they are
	 * right even when records were dropped.
	 */
	bool has_counters;
	struct cs_counters counters;
	bool has_receiver_counters;
	struct cs_counters receiver_counters;
	uint64_t drops; /* records lost, all processes */
	/*
	 * The records checked against the kernel's exact counters over the
	 * whole run (model_derived_counters() against the kernel's): how many
	 * processes were checked, and how many counters differed in all.
	 */
	unsigned checked_procs;
	unsigned counters_differ;
	/* the first of them, named: a failing run explains itself */
	unsigned n_diffs;
	struct report_diff diffs[REPORT_MAX_DIFFS];
	/*
	 * Program runs the kernel skipped (bpf_prog_info.recursion_misses,
	 * all programs): events that made neither a record nor a count.
	 * UINT64_MAX: not known (a recording, or a kernel without it).
	 */
	uint64_t missed_runs;
	int cache; /* REPORT_CACHE_* */
	uint64_t file_bytes; /* bytes to move; 0: what the sender delivered */
	/*
	 * The page size of the traced machine, to count the file's pages
	 * (a cold run's sender fills each once); 0: 4096.
	 */
	uint32_t page_bytes;
	uint64_t chunk_bytes; /* bytes per I/O call; 0: per delivering call */
	/*
	 * From the transfer's start until the receiver had the last byte (the
	 * demo's own measure): time and throughput of the sender's row.  0:
	 * the sender's counted window (a sendfile returns before its data
	 * has left, so that window can be much shorter).
	 */
	uint64_t elapsed_ns;
	/*
	 * trace --report of a program: the flow this row is (NULL: a demo's
	 * run), and its ends as people read them (labels: model_end_label();
	 * texts: the full path or socket address, NULL when not known).
	 */
	const struct cs_flow *flow;
	const char *src_label, *dst_label;
	const char *src_text, *dst_text;
};

struct report_opts {
	enum report_format format;
	bool no_textbook; /* leave the textbook rows out */
	const char *title; /* first line; NULL: "copyscope report" */
	const char *kernel; /* uname -r, shown in the header; may be NULL */
	const char *tier; /* "tracepoints", "fentry", ...; may be NULL */
	/* JSON: "type" of the object, as a line of a JSON-lines stream
	 * ('trace --report --json'); NULL: none */
	const char *json_type;
};

/* The article's row for a strategy; NULL when the article has none. */
struct report_textbook {
	enum cs_strategy strategy;
	const char *row; /* the article's name for it */
	unsigned cpu; /* CPU copies per chunk */
	unsigned dma_disk,
		dma_nic; /* DMA copies per chunk: disk, network card */
	unsigned calls; /* system calls per chunk */
	unsigned mode; /* mode switches per chunk (the article: "context
			  switches") */
	const char *syscalls;
};
const struct report_textbook *report_textbook(enum cs_strategy s);

/* What one side of a row measured, per chunk and in total. */
struct report_side {
	bool present;
	uint64_t bytes; /* sender: delivered; receiver: received */
	uint64_t chunks;
	double cpu, dma_disk, dma_nic, calls,
		mode; /* per chunk; < 0: unknown */
	double ref, map; /* bytes by reference, and mapped, per byte */
	uint64_t syscalls, mode_switches, csw_vol, csw_invol, off_cpu_ns;
	bool from_counters; /* the line above is the kernel's counters */
	uint64_t record_syscalls; /* what the records showed */
	uint64_t cpu_bytes, dma_bytes, nic_explained_bytes, ref_bytes,
		map_bytes;
	uint64_t deferred_bytes;
	uint64_t span_ns;
	double mbps; /* 10^6 bytes per second; < 0: unknown */
	uint64_t mismatches;
};

struct report_metrics {
	struct report_side snd, rcv;
	/*
	 * Cold: pages of the file the sender found in the page cache without
	 * filling them itself (its exact page_cache_added_pages against the
	 * file's pages): another process read them in during the transfer.
	 * 0 otherwise.
	 */
	uint64_t file_pages, filled_by_others;
	/*
	 * Cold: bytes of the file the sender itself brought into the page
	 * cache (its exact page-cache fills) for which no disk read was tied
	 * to it: the read happened, but in a request copyscope could not
	 * follow back to the sender.  Counted and named, never drawn.
	 */
	uint64_t fills_unread_bytes;
	const struct report_textbook *book;
};

void report_metrics(const struct report_row *row, struct report_metrics *out);

/* Why the measured row differs from the textbook (or matches it):
 * sentences for students, most important first; returns how many. */
#define REPORT_MAX_WHY 8
size_t report_why(const struct report_row *row, const struct report_metrics *mt,
		  const char **why, size_t max);

/* Fill a row from a model: sender, receiver, strategy (label as given). */
void report_row_from_model(struct report_row *row, const struct cs_model *m,
			   const char *label);

/*
 * Check one process's records (the model's, whole run) against the
 * kernel's counters: counts it in row->checked_procs, adds the counters
 * that differ to row->counters_differ and names the first of them in
 * row->diffs.  Returns how many differ.
 */
unsigned report_check_process(struct report_row *row, const struct cs_model *m,
			      uint32_t tgid, const struct cs_counters *kernel);
/* "xmit_skbs: the kernel counted 290, the records show 289" into buf. */
void report_fmt_diff(char *buf, size_t len, const struct report_diff *d);

/* Print the table.  Returns 0, or -1 when writing failed. */
int report_render(FILE *out, const struct report_row *rows, size_t n,
		  const struct report_opts *opts);

/* report_text.c / report_json.c (one per format) */
int report_render_text(FILE *out, const struct report_row *rows, size_t n,
		       const struct report_opts *opts, bool markdown);
int report_render_json(FILE *out, const struct report_row *rows, size_t n,
		       const struct report_opts *opts);

/* Formatting shared by the renderers: "2", "2.01", "-" for unknown. */
void report_fmt_ratio(char *buf, size_t len, double v);
void report_fmt_ns(char *buf, size_t len, uint64_t ns);

#endif /* COPYSCOPE_REPORT_H */
