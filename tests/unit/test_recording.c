// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_recording.c - recordings round-trip; damage is found, not trusted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "views/recording.h"

static void write_two(char **data, size_t *len)
{
	struct cs_rec_header h = { .start_ts = 5, .pid = 42, .tier = CS_TIER_TRACEPOINT };
	struct cs_recv_copy a = { .h = { .ts = 10, .type = CS_EV_RECV_COPY,
					 .size = sizeof(a), .pid = 42, .tgid = 42 },
				  .len = 100 };
	struct cs_fault b = { .h = { .ts = 11, .type = CS_EV_FAULT,
				     .size = sizeof(b), .pid = 42, .tgid = 42 },
			      .address = 0x1000, .kernel = 1 };
	FILE *f = open_memstream(data, len);

	strcpy(h.kernel, "6.18.0");
	strcpy(h.what, "demo");
	assert_int_equal(recording_begin(f, &h), 0);
	assert_int_equal(recording_write(f, &a.h), 0);
	assert_int_equal(recording_write(f, &b.h), 0);
	fclose(f);
}

static void test_round_trip(void **state)
{
	unsigned char buf[CS_REC_MAX_RECORD];
	struct recording r;
	char *data, err[200];
	size_t len;
	FILE *f;

	(void)state;
	write_two(&data, &len);
	f = fmemopen(data, len, "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), 0);
	assert_int_equal(r.h.pid, 42);
	assert_int_equal(r.h.start_ts, 5);
	assert_string_equal(r.h.kernel, "6.18.0");
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), sizeof(struct cs_recv_copy));
	assert_int_equal(((struct cs_recv_copy *)buf)->len, 100);
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), sizeof(struct cs_fault));
	assert_int_equal(((struct cs_fault *)buf)->address, 0x1000);
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), 0);
	assert_false(r.corrupt);
	assert_int_equal(r.records, 2);
	fclose(f);
	free(data);
}

static void test_damage(void **state)
{
	unsigned char buf[CS_REC_MAX_RECORD];
	struct recording r;
	char *data, err[200];
	size_t len, hdr = sizeof(struct cs_rec_header);
	struct cs_hdr *first;
	FILE *f;

	(void)state;
	write_two(&data, &len);
	/* first record: a known type with the wrong size field */
	first = (struct cs_hdr *)(data + hdr);
	first->type = CS_EV_SYSCALL; /* says syscall, is 32 bytes long */
	f = fmemopen(data, len, "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), 0);
	/* skipped as invalid; the fault record after it is still read */
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), sizeof(struct cs_fault));
	assert_int_equal(r.bad, 1);
	fclose(f);

	/* a size that cannot be framed: the rest is unreadable */
	first->size = 5000;
	f = fmemopen(data, len, "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), 0);
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), 0);
	assert_true(r.corrupt);
	fclose(f);

	/* truncated in the middle of the last record */
	first->size = sizeof(struct cs_recv_copy);
	first->type = CS_EV_RECV_COPY;
	f = fmemopen(data, len - 3, "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), 0);
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), sizeof(struct cs_recv_copy));
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), 0);
	assert_true(r.corrupt);
	fclose(f);

	/* cut inside the last record's header (a full disk): said too; cut
	 * at a record's end: a clean end */
	f = fmemopen(data, hdr + sizeof(struct cs_recv_copy) + 5, "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), 0);
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), sizeof(struct cs_recv_copy));
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), 0);
	assert_true(r.corrupt);
	fclose(f);
	f = fmemopen(data, hdr + sizeof(struct cs_recv_copy), "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), 0);
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), sizeof(struct cs_recv_copy));
	assert_int_equal(recording_next(&r, buf, sizeof(buf)), 0);
	assert_false(r.corrupt);
	fclose(f);

	/* not a recording at all; another version */
	memset(buf, 'x', sizeof(buf));
	f = fmemopen(buf, sizeof(buf), "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), -1);
	assert_string_equal(err, "not a copyscope recording (no magic)");
	fclose(f);
	f = fmemopen(buf, 10, "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), -1);
	assert_string_equal(err, "not a copyscope recording (too short)");
	fclose(f);
	((struct cs_rec_header *)data)->abi = 99;
	f = fmemopen(data, len, "r");
	assert_int_equal(recording_open(&r, f, err, sizeof(err)), -1);
	assert_string_equal(err, "recording of record layout 99; this copyscope reads 1");
	fclose(f);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
