// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_escape.c - names chosen by a hostile traced program (terminal
 * escapes, OSC 52, forged newlines, bytes that are not UTF-8, bytes
 * hidden after a NUL) through every output: the escaper itself, text
 * lines, the counters, JSON lines, the report in text, markdown and JSON,
 * and the Chrome trace export.  No byte of such a name may reach the
 * output as a control character or as invalid UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/test_model_stream.h"
#include "views/escape.h"
#include "views/event_json.h"
#include "views/event_text.h"
#include "views/export_chrome.h"
#include "views/json.h"
#include "views/report.h"

/* Each fits a 16-byte comm with its NUL, except where a test says. */
static const char *const hostile[] = {
	"ev\x1b[7mX", /* reverse video */
	"\x1b]52;c;aGk=\x07", /* OSC 52: writes the clipboard */
	"a\nb\rc\td", /* forges lines */
	"\xff\xfe(\xc3", /* not UTF-8, a sequence cut short */
	"\xc2\x9b"
	"2J", /* CSI as a C1 character, valid UTF-8 */
	"\xed\xa0\x80"
	"x", /* a surrogate */
	"\xc0\xaf"
	"back\\", /* overlong '/', a backslash */
};

static char *text;
static size_t len;

static FILE *open_out(void)
{
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	return f;
}

static void close_out(FILE *f)
{
	assert_int_equal(fclose(f), 0);
}

static void done(void)
{
	free(text);
	text = NULL;
}

/*
 * Output safe for a terminal: no control byte but the writer's own
 * newlines (and tabs where allowed), no DEL, no C1 character, and only
 * valid UTF-8.
 */
static void assert_safe(const char *s, size_t n, bool tabs)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t l = esc_utf8(u + i, n - i, &cp);

		if (!l)
			fail_msg("invalid UTF-8 at %zu in:\n%.*s", i, (int)n,
				 s);
		if ((cp < 0x20 && cp != '\n' && !(tabs && cp == '\t')) ||
		    (cp >= 0x7f && cp <= 0x9f))
			fail_msg("control U+%04x at %zu in:\n%.*s", cp, i,
				 (int)n, s);
		i += l;
	}
}

static void has(const char *s)
{
	if (!strstr(text, s))
		fail_msg("missing %s in:\n%s", s, text);
}

/* in (at most max bytes), escaped into cap bytes, reads out */
static const struct {
	const char *in;
	size_t max, cap;
	const char *out;
} cases[] = {
	{ "ev\x1b[7mX", 16, 64, "ev\\33[7mX" },
	/* before an octal digit ESC takes three digits: one byte back */
	{ "\x1b"
	  "1",
	  16, 64, "\\0331" },
	{ "a\nb\rc\td", 16, 64, "a\\nb\\rc\\td" },
	{ "\x07\x7f\\", 16, 64, "\\x07\\x7f\\\\" },
	/* not UTF-8: stray bytes, cut short, C1, surrogate, overlong, too big
	 */
	{ "\xff\xfe(\xc3", 16, 64, "\\xff\\xfe(\\xc3" },
	{ "\xc2\x9b"
	  "2J",
	  16, 64, "\\xc2\\x9b2J" },
	{ "\xed\xa0\x80", 16, 64, "\\xed\\xa0\\x80" },
	{ "\xc0\xaf", 16, 64, "\\xc0\\xaf" },
	{ "\xf4\x90\x80\x80", 16, 64, "\\xf4\\x90\\x80\\x80" },
	/* valid UTF-8 passes: two, three and four bytes */
	{ "caf\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80", 16, 64,
	  "caf\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80" },
	/* a fixed-size field: nothing after max, nothing after a NUL */
	{ "abc\x1b", 3, 64, "abc" },
	{ "ok\0\x1b[2J", 16, 64, "ok" },
	/* cut short, never inside an escape or a character */
	{ "ab\x1b[7m", 16, 6, "ab\\33" },
	{ "ab\x1b[7m", 16, 5, "ab" },
	{ "a\xc3\xa9z", 16, 4, "a\xc3\xa9" },
	{ "a\xc3\xa9z", 16, 3, "a" },
};

static void test_escaper(void **state)
{
	char b[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(
			esc_str(b, cases[i].cap, cases[i].in, cases[i].max),
			cases[i].out);
	assert_false(esc_needed("plain name \xc3\xa9", 64));
	assert_true(esc_needed("\\", 64));
	assert_true(esc_needed("x\x1b", 64));
	assert_false(esc_needed("x\x1b", 1));
}

static void proc_rec(struct cs_proc *r, uint16_t type, const char *name,
		     size_t n)
{
	memset(r, 0, sizeof(*r));
	hdr(&r->h, type, sizeof(*r), 5000, 42, 42);
	memcpy(r->comm, name, n < sizeof(r->comm) ? n : sizeof(r->comm));
	memcpy(r->path, name, n < sizeof(r->path) ? n : sizeof(r->path));
	r->child_pid = r->child_tgid = 43;
}

/* Every record kind that carries a name, with name in it. */
static void each_record(const char *name, size_t n,
			void (*out)(const struct cs_hdr *, void *), void *data)
{
	struct cs_proc p;
	struct cs_switch sw;
	struct cs_syscall sc;

	proc_rec(&p, CS_EV_EXEC, name, n);
	out(&p.h, data);
	proc_rec(&p, CS_EV_FORK, name, n);
	out(&p.h, data);
	proc_rec(&p, CS_EV_EXIT, name, n);
	out(&p.h, data);
	memset(&sw, 0, sizeof(sw));
	hdr(&sw.h, CS_EV_SWITCH, sizeof(sw), 6000, 42, 42);
	sw.dir = CS_SWITCH_OUT;
	memcpy(sw.other_comm, name, n < CS_COMM_LEN ? n : CS_COMM_LEN);
	out(&sw.h, data);
	sc = mk_sc(42, 42, NR_READ, 7000, 8000, 10);
	sc_fd(&sc, 0, 3, CS_FD_FILE, 0);
	sc_fd(&sc, 1, 4, CS_FD_SOCKET, 0);
	memset(sc.file[0].name, 0, CS_NAME_LEN);
	memcpy(sc.file[0].name, name, n < CS_NAME_LEN ? n : CS_NAME_LEN);
	memset(sc.file[1].name, 0, CS_NAME_LEN);
	memcpy(sc.file[1].name, name, n < CS_NAME_LEN ? n : CS_NAME_LEN);
	out(&sc.h, data);
}

static void to_text(const struct cs_hdr *h, void *f)
{
	event_text(f, h, 0);
}

static void to_json(const struct cs_hdr *h, void *j)
{
	event_json(j, h, 0);
}

/* A name that fills its field: no NUL, and a hidden rest after one. */
static const char full[CS_PATH_LEN] = "\x1b[2J\x1b[7m full field, no NUL";
static const char after_nul[16] = "ok\0\x1b]0;pwned\x07";

static void each_name(void (*test)(const char *, size_t))
{
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		test(hostile[i], strlen(hostile[i]));
	test(full, sizeof(full));
	test(after_nul, sizeof(after_nul));
}

static void text_one(const char *name, size_t n)
{
	struct cs_counters c;
	FILE *f = open_out();

	each_record(name, n, to_text, f);
	memset(&c, 0, sizeof(c));
	c.v[CS_C_SYSCALLS] = 1;
	counters_text(f, 42, name, &c, &c);
	close_out(f);
	assert_safe(text, len, false);
	/* one line per record, plus the counters' own */
	done();
}

static void test_text(void **state)
{
	(void)state;
	each_name(text_one);
	/* and the escapes read as strace's */
	FILE *f = open_out();

	each_record("ev\x1b[7mX", 8, to_text, f);
	close_out(f);
	has("+ exec ev\\33[7mX\n");
	has("), ev\\33[7mX runs\n");
	has("3<file:ev\\33[7mX>");
	assert_null(strstr(text, "ok\\"));
	done();
	f = open_out();
	each_record(after_nul, sizeof(after_nul), to_text, f);
	close_out(f);
	has("+ exec ok\n");
	assert_null(strstr(text, "pwned"));
	done();
}

static void json_one(const char *name, size_t n)
{
	struct cs_counters c;
	FILE *f = open_out();
	struct json j;

	json_init(&j, f);
	each_record(name, n, to_json, &j);
	memset(&c, 0, sizeof(c));
	counters_json(&j, 42, name, &c, &c);
	close_out(f);
	assert_safe(text, len, false);
	done();
}

static void test_json(void **state)
{
	struct json j;
	FILE *f;

	(void)state;
	each_name(json_one);
	/* RFC 8259 escapes; C1 escaped too; invalid bytes become U+FFFD */
	f = open_out();
	json_init(&j, f);
	json_object_begin(&j, NULL);
	json_str(&j, "a", "ev\x1b[7mX\x07\x7f");
	json_str(&j, "b", "\xff(\xc3");
	json_str(&j, "c", "\xc2\x9b\xc3\xa9\xe2\x82\xac");
	json_strn(&j, "d", after_nul, sizeof(after_nul));
	json_object_end(&j);
	close_out(f);
	assert_string_equal(text, "{\"a\":\"ev\\u001b[7mX\\u0007\\u007f\","
				  "\"b\":\"\\ufffd(\\ufffd\","
				  "\"c\":\"\\u009b\xc3\xa9\xe2\x82\xac\","
				  "\"d\":\"ok\"}\n");
	done();
}

/* The report: a trace's label names the process; diffs name theirs. */
static void report_one(const char *name, size_t n)
{
	static const enum report_format fmt[] = { REPORT_TEXT, REPORT_MD,
						  REPORT_JSON };
	char label[96];
	struct report_opts o = { .kernel = name };
	struct report_row row;

	memset(&row, 0, sizeof(row));
	snprintf(label, sizeof(label), "pid 42 (%.*s)", (int)n, name);
	row.label = label;
	row.counters_differ = 1;
	row.n_diffs = 1;
	row.diffs[0].tgid = 42;
	row.diffs[0].counter = CS_C_SYSCALLS;
	memcpy(row.diffs[0].comm, name, n < CS_COMM_LEN ? n : CS_COMM_LEN);
	row.diffs[0].kernel = 2;
	row.diffs[0].records = 1;
	for (size_t i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		FILE *f = open_out();

		o.format = fmt[i];
		assert_int_equal(report_render(f, &row, 1, &o), 0);
		close_out(f);
		assert_safe(text, len, false);
		done();
	}
}

static void test_report(void **state)
{
	(void)state;
	each_name(report_one);
}

/* The Chrome export: process names, switch partners, captions. */
static void export_one(const char *name, size_t n)
{
	struct cs_model_opts o = { 0 };
	struct chrome_export *x;
	struct cs_model *m;
	struct cs_proc p;
	struct cs_switch sw;
	FILE *f = open_out();

	x = chrome_export_begin(f, 1000, name);
	assert_non_null(x);
	o.sink = chrome_export_fact;
	o.sink_data = x;
	o.focus_tgid = 42;
	m = model_new(&o);
	assert_non_null(m);
	proc_rec(&p, CS_EV_EXEC, name, n);
	FEED(m, p);
	proc_rec(&p, CS_EV_FORK, name, n);
	FEED(m, p);
	memset(&sw, 0, sizeof(sw));
	hdr(&sw.h, CS_EV_SWITCH, sizeof(sw), 6000, 42, 42);
	sw.dir = CS_SWITCH_OUT;
	memcpy(sw.other_comm, name, n < CS_COMM_LEN ? n : CS_COMM_LEN);
	FEED(m, sw);
	hdr(&sw.h, CS_EV_SWITCH, sizeof(sw), 7000, 42, 42);
	sw.dir = CS_SWITCH_IN;
	sw.off_ns = 1000;
	FEED(m, sw);
	proc_rec(&p, CS_EV_EXIT, name, n);
	FEED(m, p);
	model_flush(m);
	model_free(m);
	assert_int_equal(chrome_export_end(x), 0);
	close_out(f);
	assert_safe(text, len, false);
	done();
}

static void test_export(void **state)
{
	(void)state;
	each_name(export_one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaper), cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),	cmocka_unit_test(test_report),
		cmocka_unit_test(test_export),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
