// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_export.c - the Chrome trace-event view: a known stream of records
 * through the model, and the events it must write, to the digit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/test_model_stream.h"
#include "views/export_chrome.h"
#include "views/json.h"

static char *out_text;
static size_t out_len;

static struct cs_model *export_model(struct chrome_export **x, FILE **f)
{
	struct cs_model_opts o = { 0 };

	*f = open_memstream(&out_text, &out_len);
	assert_non_null(*f);
	*x = chrome_export_begin(*f, 1000, "a test");
	assert_non_null(*x);
	o.sink = chrome_export_fact;
	o.sink_data = *x;
	o.focus_tgid = 1;
	return model_new(&o);
}

static void has(const char *s)
{
	if (!strstr(out_text, s))
		fail_msg("missing %s in:\n%s", s, out_text);
}

static void test_events(void **state)
{
	struct chrome_export *x;
	struct cs_model *m;
	FILE *f;

	(void)state;
	m = export_model(&x, &f);
	feed_fork(m, 1, 1, 1500, 2, false); /* names the child */
	/* a read entered at 2000, blocked 1.5 us in it, out at 4500 */
	feed_switch(m, 1, 1, 2500, CS_SWITCH_OUT, false, 0);
	feed_switch(m, 1, 1, 4000, CS_SWITCH_IN, false, 1500);
	feed_block(m, 1, 1, 3900, 4096, CS_BLK_READ);
	feed_sc(m, 1, 1, NR_READ, 2000, 4500, 4096);
	feed_block(m, 1, 1, 5000, 8192, CS_BLK_READ);
	feed_sc(m, 1, 1, NR_READ, 4800, 5500, 8192);
	model_flush(m);
	model_free(m);
	assert_int_equal(chrome_export_end(x), 0);
	fclose(f);

	/* the file's frame */
	assert_true(!strncmp(out_text, "{\"displayTimeUnit\":\"ns\",", 24));
	has("\"otherData\":{\"producer\":\"copyscope\",\"what\":\"a test\"}");
	assert_string_equal(out_text + out_len - 3, "]}\n");
	/* the child is named */
	has("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":2,\"args\":{\"name\":\"demo\"}}");
	/* microseconds from the start (1000 ns), three decimals */
	has("{\"name\":\"read\",\"cat\":\"syscall\",\"ph\":\"X\",\"ts\":1.000,"
	    "\"pid\":1,\"tid\":1,\"dur\":2.500,\"args\":{\"call\":\"read() = 4096\","
	    "\"ret\":4096}}");
	has("{\"name\":\"off CPU\",\"cat\":\"sched\",\"ph\":\"X\",\"ts\":1.500,"
	    "\"pid\":1,\"tid\":1,\"dur\":1.500,\"args\":{\"other\":\"ksoftirqd/0\"}}");
	/* each disk read: an instant DMA event, then the counter, summed */
	has("\"cat\":\"DMA\",\"ph\":\"i\",\"ts\":2.900,\"pid\":1,\"tid\":1,\"s\":\"t\","
	    "\"args\":{\"bytes\":4096,\"from\":\"disk\",\"to\":\"page_cache\","
	    "\"evidence\":\"measured\"");
	has("{\"name\":\"bytes moved\",\"cat\":\"bytes\",\"ph\":\"C\",\"ts\":2.900,"
	    "\"pid\":1,\"tid\":1,\"args\":{\"DMA\":4096,\"CPU\":0,\"REF\":0,\"MAP\":0}}");
	has("\"args\":{\"DMA\":12288,\"CPU\":");
	free(out_text);
	out_text = NULL;
}

static void test_micros(void **state)
{
	FILE *f = open_memstream(&out_text, &out_len);
	struct json j;

	(void)state;
	json_init(&j, f);
	json_object_begin(&j, NULL);
	json_micros(&j, "a", 0);
	json_micros(&j, "b", 999);
	json_micros(&j, "c", 1234567);
	json_micros(&j, "d", UINT64_MAX);
	json_object_end(&j);
	fclose(f);
	assert_string_equal(out_text, "{\"a\":0.000,\"b\":0.999,\"c\":1234.567,"
				      "\"d\":18446744073709551.615}\n");
	free(out_text);
	out_text = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_micros),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
