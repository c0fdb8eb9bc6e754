// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_json.c - the JSON writer and the record -> JSON line view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "views/event_json.h"
#include "views/event_text.h"
#include "views/json.h"

struct buf {
	char *data;
	size_t len;
	FILE *f;
};

static struct json *open_buf(struct buf *b, struct json *j)
{
	b->data = NULL;
	b->len = 0;
	b->f = open_memstream(&b->data, &b->len);
	json_init(j, b->f);
	return j;
}

static const char *close_buf(struct buf *b)
{
	fclose(b->f);
	return b->data;
}

static void test_nesting_and_escapes(void **state)
{
	struct buf b;
	struct json j;

	(void)state;
	open_buf(&b, &j);
	json_object_begin(&j, NULL);
	json_str(&j, "s", "a\"b\\c\n\x01");
	json_int(&j, "i", -5);
	json_uint(&j, "u", 18446744073709551615ULL);
	json_bool(&j, "t", true);
	json_array_begin(&j, "a");
	json_uint(&j, NULL, 1);
	json_object_begin(&j, NULL);
	json_null(&j, "n");
	json_object_end(&j);
	json_array_end(&j);
	json_double(&j, "d", 1.5);
	json_double(&j, "nan", 0.0 / 0.0);
	json_object_end(&j);
	json_object_begin(&j, NULL);
	json_object_end(&j);
	assert_string_equal(close_buf(&b),
			    "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"i\":-5,"
			    "\"u\":18446744073709551615,\"t\":true,"
			    "\"a\":[1,{\"n\":null}],\"d\":1.5,\"nan\":null}\n"
			    "{}\n");
	free(b.data);
}

static void test_strn_stops_at_max(void **state)
{
	const char name[4] = { 'a', 'b', 'c', 'd' }; /* no NUL, as from BPF */
	struct buf b;
	struct json j;

	(void)state;
	open_buf(&b, &j);
	json_object_begin(&j, NULL);
	json_strn(&j, "n", name, sizeof(name));
	json_object_end(&j);
	assert_string_equal(close_buf(&b), "{\"n\":\"abcd\"}\n");
	free(b.data);
}

static void test_syscall_record(void **state)
{
	struct cs_syscall r;
	struct buf b;
	struct json j;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.h.type = CS_EV_SYSCALL;
	r.h.size = sizeof(r);
	r.h.ts = 1000 + 5000;
	r.h.pid = 43;
	r.h.tgid = 42;
	r.h.cpu = 1;
	r.enter_ts = 1000 + 3000;
	r.nr = 0; /* read */
	r.ret = 65536;
	r.arg[0] = 3;
	r.arg[2] = 65536;
	r.fd[0] = 3;
	r.fd[1] = -1;
	r.file[0].kind = CS_FD_FILE;
	r.file[0].ino = 77;
	r.file[0].dev = 8;
	r.file[0].fflags = CS_FF_DIRECT;
	strcpy(r.file[0].name, "data.bin");
	open_buf(&b, &j);
	event_json(&j, &r.h, 1000);
	assert_string_equal(close_buf(&b),
			    "{\"type\":\"syscall\",\"ts_ns\":5000,\"pid\":42,"
			    "\"tid\":43,\"cpu\":1,\"nr\":0,\"name\":\"read\","
			    "\"ret\":65536,\"duration_ns\":2000,"
			    "\"args\":[3,0,65536,0,0,0],"
			    "\"file\":{\"fd\":3,\"kind\":\"file\",\"dev\":8,"
			    "\"ino\":77,\"name\":\"data.bin\",\"direct\":true}}\n");
	free(b.data);
	/* without -T no entry time: no duration either, not a made-up 0 */
	r.enter_ts = 0;
	open_buf(&b, &j);
	event_json(&j, &r.h, 1000);
	assert_null(strstr(close_buf(&b), "duration_ns"));
	free(b.data);
}

static void test_xmit_record(void **state)
{
	struct cs_xmit r;
	struct buf b;
	struct json j;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.h.type = CS_EV_XMIT;
	r.h.size = sizeof(r);
	r.h.ts = 10;
	r.h.pid = r.h.tgid = 7;
	r.len = 65483;
	r.data_len = 65483;
	r.shinfo_flags = CS_SKBFL_SHARED_FRAG;
	r.nr_frags = 16;
	strcpy(r.dev, "lo");
	open_buf(&b, &j);
	event_json(&j, &r.h, 0);
	assert_string_equal(close_buf(&b),
			    "{\"type\":\"xmit\",\"ts_ns\":10,\"pid\":7,\"tid\":7,"
			    "\"cpu\":0,\"payload\":65483,\"paged\":65483,"
			    "\"shinfo_flags\":2,\"nr_frags\":16,\"skbs\":1,"
			    "\"dev\":\"lo\"}\n");
	free(b.data);
	/* a record merged over a system call says how many skbs it holds */
	r.skbs = 3;
	open_buf(&b, &j);
	event_json(&j, &r.h, 0);
	assert_non_null(strstr(close_buf(&b), "\"skbs\":3,"));
	free(b.data);
}

static void test_counters(void **state)
{
	struct cs_counters c;
	struct buf b;
	struct json j;
	const char *out;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.v[CS_C_SYSCALLS] = 17;
	c.v[CS_C_MODE_SWITCHES] = 34;
	c.v[CS_C_DROPS] = 2;
	open_buf(&b, &j);
	counters_json(&j, 99, "dd", &c, NULL);
	out = close_buf(&b);
	assert_non_null(strstr(out, "{\"type\":\"counters\",\"pid\":99,\"comm\":\"dd\",\"syscalls\":17,\"mode_switches\":34,"));
	assert_non_null(strstr(out, "\"drops\":2,\"xmit_retrans_bytes\":0}\n"));
	free(b.data);
}

/* The counters checked against the records: which differ, and by what. */
static void test_counters_checked(void **state)
{
	struct cs_counters c, d;
	struct buf b;
	struct json j;
	const char *out;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.v[CS_C_SYSCALLS] = 17;
	c.v[CS_C_XMIT_SKBS] = 290;
	c.v[CS_C_DROPS] = 2; /* not derivable: never a difference */
	d = c;
	d.v[CS_C_DROPS] = 0;
	open_buf(&b, &j);
	counters_json(&j, 99, "dd", &c, &d);
	out = close_buf(&b);
	assert_non_null(strstr(out, "\"drops\":2,\"xmit_retrans_bytes\":0,"
				    "\"records_check\":\"match\","
				    "\"records_differ\":{}}\n"));
	free(b.data);

	d.v[CS_C_XMIT_SKBS] = 289;
	open_buf(&b, &j);
	counters_json(&j, 99, "dd", &c, &d);
	out = close_buf(&b);
	assert_non_null(strstr(out, "\"records_check\":\"differ\","
				    "\"records_differ\":{\"xmit_skbs\":289}}\n"));
	free(b.data);

	f = open_memstream(&text, &len);
	assert_non_null(f);
	counters_text(f, 99, "dd", &c, &d);
	fclose(f);
	assert_non_null(strstr(text, "  records differ: xmit_skbs: the kernel "
				     "counted 290, the records show 289 (-1)\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting_and_escapes),
		cmocka_unit_test(test_strn_stops_at_max),
		cmocka_unit_test(test_syscall_record),
		cmocka_unit_test(test_xmit_record),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_counters_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
