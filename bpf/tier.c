// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tier.c - which probing tier to use, from what the attach probes found.
 * Pure: unit-tested with made-up probe results (tests/unit/test_tier.c).
 */
#include <stdio.h>
#include <string.h>

#include "bpf/features.h"

int tier_choose(const struct cs_features *f, int forced, int fn_tier[CS_FN_MAX])
{
	int best = CS_TIER_TRACEPOINT;

	for (int i = 0; i < CS_FN_MAX; i++) {
		int t = CS_TIER_TRACEPOINT;

		if (forced != CS_TIER_TRACEPOINT) {
			if (forced != CS_TIER_KPROBE &&
			    f->fn_fentry[i].status == CS_ST_WORKS)
				t = CS_TIER_FENTRY;
			else if (forced != CS_TIER_FENTRY &&
				 f->fn_kprobe[i].status == CS_ST_WORKS)
				t = CS_TIER_KPROBE;
		}
		fn_tier[i] = t;
		/* CS_TIER_FENTRY < CS_TIER_KPROBE < CS_TIER_TRACEPOINT */
		if (t < best)
			best = t;
	}
	return best;
}

int tier_parse(const char *s)
{
	if (!strcmp(s, "fentry"))
		return CS_TIER_FENTRY;
	if (!strcmp(s, "kprobe"))
		return CS_TIER_KPROBE;
	if (!strcmp(s, "tracepoint"))
		return CS_TIER_TRACEPOINT;
	if (!strcmp(s, "auto"))
		return CS_TIER_NONE;
	return -1;
}

const char *status_name(int status)
{
	switch (status) {
	case CS_ST_WORKS:
		return "works";
	case CS_ST_REFUSED:
		return "refused";
	case CS_ST_NOT_BUILT:
		return "not built";
	case CS_ST_MISSING:
		return "not in this kernel";
	case CS_ST_ATTACH_FAILED:
		return "attach fails";
	case CS_ST_DISABLED:
		return "disabled";
	case CS_ST_NOT_MOUNTED:
		return "not mounted";
	}
	return "untested";
}

/* CAP_SYS_ADMIN 21, CAP_PERFMON 38, CAP_BPF 39 */
bool features_can_trace(const struct cs_features *f, char *why, size_t len)
{
	const uint64_t sys_admin = 1ULL << 21, perfmon = 1ULL << 38,
		       bpf = 1ULL << 39;

	if ((f->cap_eff & sys_admin) ||
	    ((f->cap_eff & bpf) && (f->cap_eff & perfmon)))
		return true;
	if (why) {
		const char *miss = !(f->cap_eff & bpf) && !(f->cap_eff & perfmon) ?
					   "CAP_BPF and CAP_PERFMON" :
				   !(f->cap_eff & bpf) ? "CAP_BPF" :
							 "CAP_PERFMON";
		snprintf(why, len,
			 "copyscope needs %s (or CAP_SYS_ADMIN) to load tracing "
			 "programs; run it as root (sudo copyscope ...) or grant "
			 "them: setcap cap_bpf,cap_perfmon+ep copyscope",
			 miss);
	}
	return false;
}
