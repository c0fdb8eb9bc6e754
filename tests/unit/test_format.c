// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_format.c - the views' number formatting without printf: every
 * helper must write what printf wrote before it (trace output is parsed
 * by scripts and compared across versions).
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/model.h"
#include "views/event_text.h"
#include "views/json.h"

/* values of every magnitude, the same ones every run */
static uint64_t next_value(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x >> (x % 64);
}

static void test_integers(void **state)
{
	static const int64_t v[] = { 0,		1,	   -1,
				     9,		10,	   99,
				     100,	-100,	   4294967295,
				     INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	char want[32], got[JSON_NUM_LEN];
	uint64_t x = 88172645463325252ull;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(want, sizeof(want), "%" PRId64, v[i]);
		assert_int_equal(json_fmt_int(got, v[i]), strlen(want));
		assert_string_equal(got, want);
	}
	assert_int_equal(json_fmt_uint(got, UINT64_MAX), 20);
	assert_string_equal(got, "18446744073709551615");
	for (int i = 0; i < 100000; i++) {
		uint64_t u = next_value(&x);

		snprintf(want, sizeof(want), "%" PRIu64, u);
		json_fmt_uint(got, u);
		assert_string_equal(got, want);
	}
}

static void check_fixed(uint64_t v, unsigned int scale, unsigned int prec)
{
	static const double ten_to[] = { 1,   10,  1e2, 1e3, 1e4,
					 1e5, 1e6, 1e7, 1e8, 1e9 };
	char want[64], got[EVENT_TEXT_FIXED_LEN];
	size_t n;

	snprintf(want, sizeof(want), "%.*f", (int)prec,
		 (double)v / ten_to[scale]);
	n = event_text_fixed(got, v, scale, prec);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
}

static void test_fixed_times(void **state)
{
	char b[EVENT_TEXT_FIXED_LEN];
	uint64_t x = 88172645463325252ull;

	(void)state;
	/* halfway in decimal: the double's side of it decides, as in printf */
	event_text_fixed(b, 7812500, 9, 6); /* 2^-7 s exactly: to even */
	assert_string_equal(b, "0.007812");
	event_text_fixed(b, 2500, 9, 6);
	assert_string_equal(b, "0.000003");
	event_text_fixed(b, 123456789012500, 9, 6);
	assert_string_equal(b, "123456.789012");
	event_text_fixed(b, 250, 3, 1);
	assert_string_equal(b, "0.2");
	event_text_fixed(b, 50, 3, 1);
	assert_string_equal(b, "0.1");
	event_text_fixed(b, UINT64_MAX, 3, 1);
	assert_string_equal(b, "18446744073709552.0");
	event_text_fixed(b, 999999499, 9, 6);
	assert_string_equal(b, "0.999999");
	event_text_fixed(b, 999999500, 9, 6); /* carried into the seconds */
	assert_string_equal(b, "1.000000");
	event_text_fixed(b, 1049, 3, 0);
	assert_string_equal(b, "1");
	for (uint64_t v = 0; v < 20000; v++) {
		check_fixed(v, 9, 6);
		check_fixed(v, 3, 1);
	}
	/* where a double stops holding every integer */
	for (uint64_t v = (1ull << 53) - 3000; v < (1ull << 53) + 3000; v++) {
		check_fixed(v, 9, 6);
		check_fixed(v, 3, 1);
	}
	for (int i = 0; i < 100000; i++) {
		uint64_t v = next_value(&x);
		unsigned int scale = 1 + (unsigned int)(v % 9);

		check_fixed(v, 9, 6);
		check_fixed(v, 3, 1);
		check_fixed(v / 1000 * 1000 + 500, 9, 6);
		check_fixed(v, scale, (unsigned int)(v >> 8) % scale);
	}
}

/* model_format_bytes() as it was written with printf */
static void printf_bytes(char *buf, size_t len, uint64_t bytes, bool shrt)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	uint64_t div = 1;
	unsigned int u = 0;

	while (u < 4 && bytes >= div * 1024) {
		div *= 1024;
		u++;
	}
	if (bytes % div == 0)
		snprintf(buf, len, "%" PRIu64 "%s%.*s", bytes / div,
			 shrt ? "" : " ", shrt ? 1 : 3, unit[u]);
	else
		snprintf(buf, len, "%.1f%s%.*s", (double)bytes / (double)div,
			 shrt ? "" : " ", shrt ? 1 : 3, unit[u]);
}

static void check_bytes(uint64_t bytes, size_t len)
{
	char want[40], got[40];

	memset(want, 'x', sizeof(want));
	memset(got, 'x', sizeof(got));
	printf_bytes(want, len, bytes, false);
	model_format_bytes(got, len, bytes);
	assert_memory_equal(got, want, sizeof(got));
	memset(want, 'x', sizeof(want));
	memset(got, 'x', sizeof(got));
	printf_bytes(want, len, bytes, true);
	model_format_bytes_short(got, len, bytes);
	assert_memory_equal(got, want, sizeof(got));
}

static void test_format_bytes(void **state)
{
	uint64_t x = 88172645463325252ull;
	char b[32];

	(void)state;
	assert_string_equal(model_format_bytes(b, sizeof(b), 0), "0 B");
	assert_string_equal(model_format_bytes(b, sizeof(b), 1023), "1023 B");
	/* 1.25 and 1.75 KiB are exact: halfway rounds to even */
	assert_string_equal(model_format_bytes(b, sizeof(b), 1280), "1.2 KiB");
	assert_string_equal(model_format_bytes(b, sizeof(b), 1792), "1.8 KiB");
	assert_string_equal(model_format_bytes(b, sizeof(b), 1048575),
			    "1024.0 KiB");
	assert_string_equal(model_format_bytes(b, sizeof(b), UINT64_MAX),
			    "16777216.0 TiB");
	assert_string_equal(model_format_bytes_short(b, sizeof(b), 65536),
			    "64K");
	assert_string_equal(model_format_bytes_short(b, sizeof(b), 1536 << 10),
			    "1.5M");
	/* cut as snprintf cuts */
	assert_string_equal(model_format_bytes(b, 4, 65536), "64 ");
	for (uint64_t v = 0; v < 70000; v++)
		check_bytes(v, 32);
	for (unsigned int u = 1; u <= 5; u++)
		for (uint64_t k = 1; k < 2050; k += 7)
			for (uint64_t d = 0; d < 200; d++)
				check_bytes((k << (10 * u)) + d - 100, 32);
	for (uint64_t v = (1ull << 53) - 3000; v < (1ull << 53) + 3000; v++)
		check_bytes(v, 32);
	for (int i = 0; i < 100000; i++) {
		uint64_t v = next_value(&x);

		check_bytes(v, 32);
		check_bytes(v, v % 12);
	}
}

static void test_text_lines(void **state)
{
	struct cs_syscall r;
	struct cs_fault f;
	struct cs_block bl;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	(void)state;
	memset(&r, 0, sizeof(r));
	r.h.type = CS_EV_SYSCALL;
	r.h.size = sizeof(r);
	r.h.ts = 1000 + 5000;
	r.h.pid = 43;
	r.h.tgid = 42;
	r.enter_ts = 1000 + 3000;
	r.nr = 0; /* read */
	r.ret = 65536;
	r.fd[0] = 3;
	r.fd[1] = -1;
	r.file[0].kind = CS_FD_FILE;
	r.file[0].fflags = CS_FF_DIRECT;
	memcpy(r.file[0].name, "0123456789abcdef", 16); /* no NUL */
	event_text(m, &r.h, 1000);
	r.nr = 100000; /* no name */
	r.ret = INT64_MIN;
	r.enter_ts = 0;
	r.h.ts = 1000 + 123456789012345678;
	r.h.tgid = 1234567;
	r.h.pid = 4294967295;
	event_text(m, &r.h, 1000);
	/* an address in hex, like strace; its -errno in decimal */
	r.nr = 9; /* mmap */
	r.fd[0] = -1;
	r.ret = 0x7f93e2881000;
	r.h.ts = 1000;
	r.h.tgid = r.h.pid = 5;
	event_text(m, &r.h, 1000);
	r.ret = -12;
	event_text(m, &r.h, 1000);
	memset(&f, 0, sizeof(f));
	f.h.type = CS_EV_FAULT;
	f.h.size = sizeof(f);
	f.h.pid = f.h.tgid = 7;
	f.address = 0x7f00deadbeef;
	f.kernel = 1;
	event_text(m, &f.h, 0);
	memset(&bl, 0, sizeof(bl));
	bl.h.type = CS_EV_BLOCK;
	bl.h.size = sizeof(bl);
	bl.h.ts = 2500; /* halfway between two microseconds */
	bl.op = CS_BLK_WRITE;
	bl.bytes = 1536 << 10;
	bl.latency_ns = 250;
	event_text(m, &bl.h, 0);
	fclose(m);
	assert_string_equal(
		out,
		"    0.000005     42/43     read(3<file:0123456789abcdef:O_DIRECT>) = 65536 <2.0 us>\n"
		"123456789.012346 1234567/4294967295 syscall_100000(3<file:0123456789abcdef:O_DIRECT>) = -9223372036854775808\n"
		"    0.000000      5/5      mmap() = 0x7f93e2881000\n"
		"    0.000000      5/5      mmap() = -12\n"
		"    0.000000      7/7        ! page fault (kernel mode) at 0x7f00deadbeef\n"
		"    0.000003      0/0        # disk write 1.5 MiB (DMA) in 0.2 us\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_fixed_times),
		cmocka_unit_test(test_format_bytes),
		cmocka_unit_test(test_text_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
