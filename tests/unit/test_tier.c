// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_tier.c - the tier decision for given attach-probe results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "bpf/features.h"

static void all(struct cs_features *f, int fentry, int kprobe)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < CS_FN_MAX; i++) {
		f->fn_fentry[i].status = fentry;
		f->fn_kprobe[i].status = kprobe;
	}
}

/* This project's machines: fentry refused, kprobes not built. */
static void test_tracepoints_only(void **state)
{
	struct cs_features f;
	int t[CS_FN_MAX];

	(void)state;
	all(&f, CS_ST_REFUSED, CS_ST_NOT_BUILT);
	assert_int_equal(tier_choose(&f, CS_TIER_NONE, t), CS_TIER_TRACEPOINT);
	for (int i = 0; i < CS_FN_MAX; i++)
		assert_int_equal(t[i], CS_TIER_TRACEPOINT);
}

/* Debian's stock kernels: both work; fentry wins. */
static void test_fentry_preferred(void **state)
{
	struct cs_features f;
	int t[CS_FN_MAX];

	(void)state;
	all(&f, CS_ST_WORKS, CS_ST_WORKS);
	assert_int_equal(tier_choose(&f, CS_TIER_NONE, t), CS_TIER_FENTRY);
	assert_int_equal(t[CS_FN_FILEMAP_READ], CS_TIER_FENTRY);
	/* forced off: kprobes take over everywhere */
	assert_int_equal(tier_choose(&f, CS_TIER_KPROBE, t), CS_TIER_KPROBE);
	for (int i = 0; i < CS_FN_MAX; i++)
		assert_int_equal(t[i], CS_TIER_KPROBE);
	assert_int_equal(tier_choose(&f, CS_TIER_TRACEPOINT, t), CS_TIER_TRACEPOINT);
}

/* Per function: a missing function falls back alone. */
static void test_per_function(void **state)
{
	struct cs_features f;
	int t[CS_FN_MAX];

	(void)state;
	all(&f, CS_ST_WORKS, CS_ST_WORKS);
	f.fn_fentry[CS_FN_ZC_FILL].status = CS_ST_MISSING;
	f.fn_kprobe[CS_FN_ZC_FILL].status = CS_ST_MISSING;
	f.fn_fentry[CS_FN_DIO_RW].status = CS_ST_ATTACH_FAILED;
	assert_int_equal(tier_choose(&f, CS_TIER_NONE, t), CS_TIER_FENTRY);
	assert_int_equal(t[CS_FN_ZC_FILL], CS_TIER_TRACEPOINT);
	assert_int_equal(t[CS_FN_DIO_RW], CS_TIER_KPROBE);
	assert_int_equal(t[CS_FN_SKB_SPLICE], CS_TIER_FENTRY);
	/* forcing fentry never uses kprobes */
	tier_choose(&f, CS_TIER_FENTRY, t);
	assert_int_equal(t[CS_FN_DIO_RW], CS_TIER_TRACEPOINT);
}

static void test_kprobe_only(void **state)
{
	struct cs_features f;
	int t[CS_FN_MAX];

	(void)state;
	all(&f, CS_ST_DISABLED, CS_ST_WORKS);
	assert_int_equal(tier_choose(&f, CS_TIER_NONE, t), CS_TIER_KPROBE);
}

static void test_parse_and_caps(void **state)
{
	struct cs_features f;
	char why[300];

	(void)state;
	assert_int_equal(tier_parse("fentry"), CS_TIER_FENTRY);
	assert_int_equal(tier_parse("tracepoint"), CS_TIER_TRACEPOINT);
	assert_int_equal(tier_parse("auto"), CS_TIER_NONE);
	assert_int_equal(tier_parse("kprobes"), -1);
	memset(&f, 0, sizeof(f));
	assert_false(features_can_trace(&f, why, sizeof(why)));
	assert_non_null(strstr(why, "CAP_BPF and CAP_PERFMON"));
	f.cap_eff = 1ULL << 39; /* CAP_BPF alone */
	assert_false(features_can_trace(&f, why, sizeof(why)));
	assert_non_null(strstr(why, "needs CAP_PERFMON (or CAP_SYS_ADMIN)"));
	f.cap_eff |= 1ULL << 38;
	assert_true(features_can_trace(&f, NULL, 0));
	f.cap_eff = 1ULL << 21; /* CAP_SYS_ADMIN */
	assert_true(features_can_trace(&f, NULL, 0));
	assert_string_equal(status_name(CS_ST_NOT_BUILT), "not built");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracepoints_only),
		cmocka_unit_test(test_fentry_preferred),
		cmocka_unit_test(test_per_function),
		cmocka_unit_test(test_kprobe_only),
		cmocka_unit_test(test_parse_and_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
