/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_HARNESS_H
#define COPYSCOPE_DEMOS_HARNESS_H

/*
 * What every demo shares, so that a demo's own file shows only its strategy:
 * options, the source file and its page-cache state, the receiver that checks
 * every byte (or, with --discard, counts them), the control channel, timing
 * and CPU accounting, output.
 *
 * A demo is a struct demo and a main() that calls demo_main().  The harness
 * calls, for each run (--bench N: N runs):
 *
 *   set the page cache cold or warm -> start the receiver (sink socket) or an
 *   unnamed output file (sink file) -> demo->prepare -> phase transfer ->
 *   demo->transfer -> phase done -> demo->finish -> collect and check.
 *
 * demo->transfer moves x->size bytes from x->file_fd to x->sock (and/or
 * x->out_fd), calling step() before each I/O system call.  A demo whose story
 * does not fit (mmap_sigbus, cow) sets ->run instead and does it all itself,
 * with xfer_begin()/xfer_end() around its transfer.
 */

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>

#include "demos/control_client.h"
#include "demos/fsinfo.h"
#include "demos/receiver.h"
#include "demos/util.h"

#define SINK_SOCKET 1 /* a TCP connection to a checking receiver */
#define SINK_FILE 2 /* an unnamed file next to the source, checked after */

/* demo->default_chunk: move the whole file with one call if it can. */
#define CHUNK_WHOLE_FILE UINT64_MAX
#define DEFAULT_CHUNK (64 * KIB)
#define DEFAULT_SIZE (16 * MIB)

struct opts {
	uint64_t size;
	uint64_t chunk; /* 0: the demo's default */
	bool cold;
	char file[4096];
	int pin_sender, pin_receiver; /* CPU numbers, -1: not pinned */
	int bench; /* repetitions; 0: one plain run */
	bool json;
	bool discard; /* receivers count the bytes but do not compare them */
	char cc[16]; /* TCP congestion control of the sender; "": default */
};

#define MAX_EXTRAS 12
#define MAX_NOTES 6

struct xfer {
	const struct opts *opt;
	uint64_t size; /* bytes to move */
	uint64_t chunk; /* bytes per system call */
	const char *path; /* the source file's name */
	int file_fd; /* the source, O_RDONLY, at offset 0 */
	int sock; /* SINK_SOCKET: connected to the receiver; else -1 */
	int out_fd; /* SINK_FILE: empty output file; else -1 */
	int rep; /* 1..N */

	/* ->run demos: bytes handed over and bytes the receivers confirmed. */
	uint64_t sent, verified;
	/* A receiver only counted its bytes (--discard): none were compared. */
	bool counted_only;
	/* The file's pages in the page cache when the transfer began, or -1. */
	int64_t cached_at_start;
	/* What holds the source file: a disk, memory (tmpfs), another host. */
	struct fs_info fs;

	char err[512];
	/* Shown in the output: "key": value pairs and sentences. */
	struct {
		char key[32];
		char val[96];
		bool quote;
	} extra[MAX_EXTRAS];
	int n_extra;
	char note[MAX_NOTES][512];
	int n_note;

	/* Filled by xfer_begin()/xfer_end() and the receivers' reports. */
	uint64_t t_begin, t_end;
	struct rusage ru_begin, ru_end;
	struct rusage ru_recv; /* every receiver of this run, summed */
	uint64_t recv_calls; /* their recv() calls that returned data */
	uint64_t recv_last_ns; /* when the last receiver got its last byte */
};

struct demo {
	const char *name;
	const char *summary; /* one line for --help */
	int sink; /* SINK_* bits; 0 for ->run demos */
	bool no_source; /* the harness need not create the source file */
	bool no_cache; /* the page cache plays no part (--cold/--warm moot) */
	uint64_t default_chunk; /* 0: DEFAULT_CHUNK */

	/* Extra options: long options with val >= 256, and their help. */
	const struct option *options;
	const char *options_help;
	int (*option)(int val, const char *arg); /* 0, or -1: bad value */

	/* Once, after options and source file, before the first run. */
	int (*setup)(struct xfer *x);
	/* Replace the loopback receiver: return a connected socket or -1. */
	int (*connect)(struct xfer *x, struct receiver *r);
	int (*prepare)(struct xfer *x); /* each run, before phase transfer */
	int (*transfer)(struct xfer *x);
	void (*finish)(struct xfer *x); /* each run, after phase done */
	int (*run)(struct xfer *x); /* instead of all of the above */
};

int demo_main(const struct demo *d, int argc, char **argv);

/* Bytes the call at offset off should move: the chunk, or what is left. */
static inline uint64_t chunk_at(const struct xfer *x, uint64_t off)
{
	return min_u64(x->chunk, x->size - off);
}

/* Record "what: strerror(errno)" as the failure; returns -1. */
int xfer_fail(struct xfer *x, const char *what);
int xfer_failf(struct xfer *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A sentence for the reader (printed before the final line, and in JSON). */
void xfer_note(struct xfer *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void xfer_extra_u64(struct xfer *x, const char *key, uint64_t v);
void xfer_extra_str(struct xfer *x, const char *key, const char *s);
void xfer_extra_bool(struct xfer *x, const char *key, bool v);

/* Phase markers plus the clock and CPU time the result is computed from. */
void xfer_begin(struct xfer *x);
void xfer_end(struct xfer *x);

/* ->run demos: a loopback receiver (pinned as --pin says). */
int xfer_connect(struct xfer *x, struct receiver *r);
/*
 * Close sock, collect the receiver's report, check it got exactly sent
 * correct bytes (--discard: exactly sent bytes).  Returns 0, or -1 with
 * x->err set.  Adds to x->sent and x->verified, and the receiver's CPU time
 * to the run's.
 */
int xfer_collect(struct xfer *x, struct receiver *r, int sock, uint64_t sent);

#endif /* COPYSCOPE_DEMOS_HARNESS_H */
