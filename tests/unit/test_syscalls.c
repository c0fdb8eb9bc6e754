// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_syscalls.c - the system call table (abi/syscalls.h) and the record
 * table (abi/record.h) say each fact once and consistently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "abi/record.h"
#include "abi/syscalls.h"
#include "model/model.h"

struct row {
	const char *name;
	int x86_64, arm64, cls, fd0, fd1, counter;
};

#define ROW(name, x86_64, arm64, class, fd0, fd1, counter)     \
	{ #name,	  x86_64,	  arm64,  SCC_##class, \
	  CS_FDARG_##fd0, CS_FDARG_##fd1, counter },
static const struct row rows[] = { CS_SYSCALLS(ROW) };
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* A number names one call on each architecture. */
static void test_numbers_unique(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++)
		for (size_t j = i + 1; j < NROWS; j++) {
			assert_int_not_equal(rows[i].x86_64, rows[j].x86_64);
			if (rows[i].arm64 >= 0)
				assert_int_not_equal(rows[i].arm64,
						     rows[j].arm64);
			assert_string_not_equal(rows[i].name, rows[j].name);
		}
}

/* OTHER says nothing else applies; every call that moves bytes has a
 * counter and a descriptor; the model reads the same table. */
static void test_columns_agree(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];

		if (r->cls == SCC_OTHER) {
			assert_int_equal(r->fd0, CS_FDARG_NONE);
			assert_int_equal(r->fd1, CS_FDARG_NONE);
			assert_int_equal(r->counter, -1);
		}
		if (r->counter >= 0) {
			assert_true(r->counter < CS_C_MAX);
			assert_int_equal(r->fd0, CS_FDARG_ARG0);
		}
		/* new calls have one number on every architecture */
		if (r->x86_64 >= 424)
			assert_int_equal(r->arm64, r->x86_64);
		assert_string_equal(model_syscall_name(r->x86_64), r->name);
		assert_int_equal(model_syscall_moves_data(r->x86_64),
				 r->counter >= 0);
	}
	assert_int_equal(NR_read, 0);
	assert_int_equal(NR_sendfile, 40);
	assert_int_equal(NR_io_uring_enter, 426);
	assert_true(syscall_is_errqueue(NR_recvmsg, CS_MSG_ERRQUEUE));
	assert_false(syscall_is_errqueue(NR_recvfrom, CS_MSG_ERRQUEUE));
	assert_false(syscall_is_errqueue(NR_recvmsg, 0));
}

/* Every type below CS_EV_KERNEL_MAX and the user-space ones have a row. */
static void test_record_rows(void **state)
{
	(void)state;
	for (unsigned t = CS_EV_SYSCALL; t < CS_EV_KERNEL_MAX; t++) {
		assert_true(record_size((uint16_t)t) >= sizeof(struct cs_hdr));
		assert_string_not_equal(record_type_name((uint16_t)t),
					"unknown");
	}
	for (unsigned t = CS_EV_PHASE; t < CS_EV_TYPE_MAX; t++)
		assert_true(record_size((uint16_t)t) >= sizeof(struct cs_hdr));
	assert_int_equal(record_size(CS_EV_STEP), sizeof(struct cs_phase));
	assert_true(record_held(CS_EV_XMIT));
	assert_false(record_held(CS_EV_SYSCALL));
	assert_false(record_held(CS_EV_STEP));
	assert_int_equal(model_record_min_size(CS_EV_STEP),
			 record_size(CS_EV_STEP));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_unique),
		cmocka_unit_test(test_columns_agree),
		cmocka_unit_test(test_record_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
