/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * features.h - what the running kernel and our privileges allow.
 *
 * features_probe() finds out by doing: it loads and attaches tiny programs
 * of each attach type (loading alone is not enough: fentry on a notrace
 * function loads and then fails to attach).  The result is plain data so
 * that the tier decision (tier.c) and the doctor's output can be tested
 * without a kernel.
 */
#ifndef COPYSCOPE_FEATURES_H
#define COPYSCOPE_FEATURES_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/copyscope.h"

enum cs_status {
	CS_ST_UNTESTED = 0,
	CS_ST_WORKS,
	CS_ST_REFUSED, /* the kernel has it and says no */
	CS_ST_NOT_BUILT, /* the kernel was built without it */
	CS_ST_MISSING, /* the function or tracepoint is not in this kernel */
	CS_ST_ATTACH_FAILED, /* loads, but cannot attach (notrace, inlined) */
	CS_ST_DISABLED, /* switched off by an option */
	CS_ST_NOT_MOUNTED, /* a filesystem that is not mounted (tracefs) */
};

#define CS_WHY_LEN 200

struct cs_check {
	int status; /* enum cs_status */
	int err; /* positive errno of the failing step, 0 if none */
	char why[CS_WHY_LEN]; /* one sentence for people */
};

struct cs_features {
	char release[96]; /* uname -r */
	bool root; /* effective uid 0 */
	uint64_t cap_eff; /* effective capability set */
	struct cs_check btf; /* /sys/kernel/btf/vmlinux */
	struct cs_check tracefs;
	char tracefs_path[64];
	/* attach types */
	struct cs_check tp_btf;
	struct cs_check raw_tp;
	struct cs_check tracepoint;
	struct cs_check fentry;
	struct cs_check kprobe;
	struct cs_check uprobe;
	/* per copy-path function */
	struct cs_check fn_fentry[CS_FN_MAX];
	struct cs_check fn_kprobe[CS_FN_MAX];
};

struct cs_probe_opts;

/*
 * Fill f.  Never fails: what cannot be found out is said in the checks.
 * quick: only what choosing the programs needs, and fentry and BTF
 * tracepoints by loading without attaching (closing an attachment waits
 * for RCU grace periods: tens of milliseconds each).  The loader attaches
 * for real and falls back per function when an attach fails.  doctor
 * tries everything.
 */
void features_probe(struct cs_features *f, bool no_fentry, bool no_kprobe,
		    bool quick);

/* Capabilities copyscope needs (CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN). */
bool features_can_trace(const struct cs_features *f, char *why, size_t len);

const char *status_name(int status); /* "works", "refused", ... */

/*
 * The tier decision, pure: for each copy-path function the best tier whose
 * attach probe worked, limited by forced (CS_TIER_NONE: no limit;
 * CS_TIER_KPROBE: no fentry; CS_TIER_TRACEPOINT: no copy functions).
 * Returns the overall tier: the best one any function uses.
 */
int tier_choose(const struct cs_features *f, int forced, int fn_tier[CS_FN_MAX]);

/* "fentry", "kprobe", "tracepoint" -> CS_TIER_*, or -1. */
int tier_parse(const char *s);

#endif
