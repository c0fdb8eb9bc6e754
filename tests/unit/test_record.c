// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_record.c - record_check() accepts whole records and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "abi/record.h"

static void test_sizes_match_structs(void **state)
{
	(void)state;
	assert_int_equal(record_size(CS_EV_SYSCALL), sizeof(struct cs_syscall));
	assert_int_equal(record_size(CS_EV_XMIT), sizeof(struct cs_xmit));
	assert_int_equal(record_size(CS_EV_FORK), sizeof(struct cs_proc));
	assert_int_equal(record_size(CS_EV_EXIT), sizeof(struct cs_proc));
	assert_int_equal(record_size(CS_EV_PHASE), sizeof(struct cs_phase));
	assert_int_equal(record_size(0), 0);
	assert_int_equal(record_size(CS_EV_KERNEL_MAX), 0);
	/* the header is the first thing and its timestamp comes first */
	assert_int_equal(offsetof(struct cs_hdr, ts), 0);
	assert_int_equal(sizeof(struct cs_hdr), 24);
}

static void test_check_valid(void **state)
{
	struct cs_syscall r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.h.type = CS_EV_SYSCALL;
	r.h.size = sizeof(r);
	assert_int_equal(record_check(&r, sizeof(r)), sizeof(r));
	/* a longer buffer holds the record and more */
	assert_int_equal(record_check(&r, sizeof(r) + 100), sizeof(r));
}

static void test_check_rejects(void **state)
{
	struct cs_syscall r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.h.type = CS_EV_SYSCALL;
	r.h.size = sizeof(r);
	assert_int_equal(record_check(&r, sizeof(r) - 1), 0); /* truncated */
	assert_int_equal(record_check(&r, 10), 0); /* not even a header */
	assert_int_equal(record_check(NULL, 100), 0);
	r.h.size = sizeof(r) - 8; /* lies about its size */
	assert_int_equal(record_check(&r, sizeof(r)), 0);
	r.h.size = sizeof(r);
	r.h.type = 999; /* unknown */
	assert_int_equal(record_check(&r, sizeof(r)), 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(record_type_name(CS_EV_SYSCALL), "syscall");
	assert_string_equal(record_type_name(CS_EV_RECV_COPY), "recv_copy");
	assert_string_equal(record_type_name(12345), "unknown");
	assert_string_equal(fd_kind_name(CS_FD_SOCKET), "socket");
	assert_string_equal(fd_kind_name(200), "unknown");
	assert_string_equal(iter_name(CS_ITER_BVEC), "BVEC");
	assert_string_equal(copy_fn_name(CS_FN_FILEMAP_READ), "filemap_read");
	assert_string_equal(copy_fn_name(CS_FN_MAX), "unknown");
	assert_string_equal(tier_name(CS_TIER_TRACEPOINT), "tracepoint");
	assert_string_equal(counter_name(CS_C_DROPS), "drops");
	assert_string_equal(counter_name(CS_C_MAX), "unknown");
	for (int i = 0; i < CS_C_MAX; i++)
		assert_string_not_equal(counter_name(i), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes_match_structs),
		cmocka_unit_test(test_check_valid),
		cmocka_unit_test(test_check_rejects),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
