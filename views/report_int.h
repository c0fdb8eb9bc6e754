/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * report_int.h - shared by the files of the report view only.
 */
#ifndef COPYSCOPE_REPORT_INT_H
#define COPYSCOPE_REPORT_INT_H

#include "views/report.h"

/* The tests behind the reasons of report_data.c (see report_metrics.c). */
enum why_test {
	W_ALWAYS = 0,
	W_NO_BOOK, /* the article has no row for the strategy */
	W_SOCKET_COPY, /* the kernel copied into the socket buffer */
	W_DEFERRED, /* a zero-copy send was copied at delivery */
	W_NIC_VIRTUAL, /* the transmit went to lo/veth: no NIC DMA */
	W_NO_DISK, /* no disk under the file's file system (tmpfs) */
	W_DISK_DMA, /* the disk's DMA was seen */
	W_WARM, /* no disk DMA: the page cache had the file */
	W_COLD_SHARED, /* cold, but others filled some of its pages */
	W_COLD_PARTLY, /* cold, but less disk DMA than the file */
	W_COLD_UNSEEN, /* cold, its own fills, but some disk reads unseen */
	W_CALLS_MORE, /* more system calls per chunk than the article */
	W_CALLS_FEWER,
	W_CPU_MORE, /* CPU copies differ and nothing above explains it */
	W_CPU_FEWER,
	W_MISMATCH, /* cross-checks failed */
	W_DROPS, /* records lost */
	W_COUNTERS, /* counters and records disagree without drops */
	W_UNSEEN, /* the sender delivered nothing visible */
	W_UNSEEN_URING, /* ... because io_uring ran it out of sight */
	W_MATCH, /* nothing else to say about the sender */
};

struct why_rule {
	enum cs_strategy strategy; /* CS_ST_MAX: any */
	enum why_test test;
	const char *text;
};

extern const struct why_rule why_rules[];
extern const size_t why_rules_n;

#endif /* COPYSCOPE_REPORT_INT_H */
