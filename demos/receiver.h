/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_RECEIVER_H
#define COPYSCOPE_DEMOS_RECEIVER_H

/*
 * The receiving end of every file-to-socket demo: a child process that
 * accepts one TCP connection, reads until end of stream, checks every byte
 * against the pattern (the file offset of a byte is its position in the
 * stream) and leaves its report in memory shared with the sender (no system
 * call: a report pipe would be a data path of its own in every picture).
 * Checking costs one CPU copy (socket buffer -> receiver's buffer),
 * whatever the sender does.
 *
 * For benchmarks (--discard) it only counts: recv(MSG_TRUNC) on a TCP socket
 * makes the kernel drop the bytes without copying them to user space, so the
 * receiver costs about the same behind every sending strategy, and little.
 * The sender still has to deliver exactly as many bytes as it sent.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* What the receiver leaves in the shared page when the stream ends. */
struct recv_report {
	uint64_t bytes;
	int64_t bad_offset; /* first wrong byte, or -1 */
	uint64_t last_ns; /* CLOCK_MONOTONIC when the last byte arrived */
	uint64_t calls; /* recv() calls that returned data */
	int32_t err; /* errno of a failed accept/recv, or 0 */
	int32_t compared; /* 1: every byte compared; 0: only counted */
	int32_t done; /* 1 once the report is complete */
	int32_t pad;
};

struct receiver {
	pid_t pid;
	struct recv_report *shared; /* MAP_SHARED, made before the fork */
};

/*
 * The shared report page of a receiver about to be forked; 0, or -1 with a
 * message in err.  receiver_finish and receiver_kill unmap it.
 */
int receiver_share(struct receiver *r, char *err, size_t errlen);

struct recv_result {
	struct recv_report rep;
	struct rusage ru; /* the receiver's CPU time and faults */
};

/*
 * Listen on 127.0.0.1 (ephemeral port), fork the receiver (pinned to cpu if
 * cpu >= 0; comparing every byte if compare, else only counting) and connect
 * to it.  Returns the connected socket, or -1 with a message in err.
 */
int receiver_start_loopback(struct receiver *r, int cpu, bool compare,
			    char *err, size_t errlen);

/*
 * Child side: accept one connection on lfd, read and check it all (compare)
 * or count and discard it (!compare), fill *out, exit.  Used by every kind
 * of receiver.
 */
void receiver_serve(int lfd, struct recv_report *out, bool compare)
	__attribute__((noreturn));

/*
 * After the sender has closed its end: read the report and reap the child.
 * Returns 0, or -1 with a message in err (the receiver died, ...).
 */
int receiver_finish(struct receiver *r, struct recv_result *res, char *err,
		    size_t errlen);

/* Error paths: kill the receiver and reap it. */
void receiver_kill(struct receiver *r);

#endif /* COPYSCOPE_DEMOS_RECEIVER_H */
