// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_wrap.c - wrapping and shortening (views/wrap.c): never inside a word. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "views/wrap.h"

static void test_fits_unchanged(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(wrap_fit("read + write", 12, "~", out, sizeof(out)),
			    "read + write");
	assert_string_equal(wrap_fit("", 5, "~", out, sizeof(out)), "");
}

static void test_fit_at_a_word(void **state)
{
	char out[64];

	(void)state;
	/* "the classic loo" was what the title showed */
	assert_string_equal(wrap_fit("the classic loop: read then write", 16,
				     "\u2026", out, sizeof(out)),
			    "the classic\u2026");
	assert_int_equal(wrap_width(out), 12);
	/* exactly at a word's end: the word stays */
	assert_string_equal(
		wrap_fit("copyscope trace -p PID", 16, "~", out, sizeof(out)),
		"copyscope trace~");
	/* one word longer than the width is cut, it cannot be helped */
	assert_string_equal(wrap_fit("abcdefghij", 5, "~", out, sizeof(out)),
			    "abcd~");
	/* UTF-8 counts by code point */
	assert_string_equal(
		wrap_fit("\u2514 receiver side", 11, "~", out, sizeof(out)),
		"\u2514 receiver~");
}

static void test_wrap_lines(void **state)
{
	char l[8][WRAP_LINE];
	size_t n;

	(void)state;
	n = wrap_lines(
		"the CPU copies it with wide moves, many bytes at a time", 20,
		l, 8);
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "the CPU copies it");
	assert_string_equal(l[1], "with wide moves,");
	assert_string_equal(l[2], "many bytes at a time");
	/* a word exactly as long as the line */
	n = wrap_lines("abcde fghij", 5, l, 8);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "abcde");
	assert_string_equal(l[1], "fghij");
	/* a word longer than a line is broken */
	n = wrap_lines("abcdefgh ij", 5, l, 8);
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "abcde");
	assert_string_equal(l[1], "fgh");
	assert_string_equal(l[2], "ij");
	/* more lines than room: counted, not written */
	n = wrap_lines("a b c d e f", 1, l, 2);
	assert_int_equal(n, 6);
	assert_string_equal(l[1], "b");
	/* leading and repeated spaces */
	n = wrap_lines("  one   two", 4, l, 8);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "one");
	assert_string_equal(l[1], "two");
	assert_int_equal(wrap_lines("", 10, l, 8), 0);
}

/* Every line of every width: no word is split when all words fit. */
static void test_no_word_split(void **state)
{
	const char *s = "O_DIRECT reads go from the disk straight into your "
			"buffer, no page cache";
	char l[32][WRAP_LINE], joined[512];
	int w;

	(void)state;
	for (w = 10; w < 80; w++) {
		size_t n = wrap_lines(s, w, l, 32), i;

		joined[0] = 0;
		for (i = 0; i < n; i++) {
			assert_true(wrap_width(l[i]) <= w);
			if (i)
				strcat(joined, " ");
			strcat(joined, l[i]);
		}
		assert_string_equal(joined, s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits_unchanged),
		cmocka_unit_test(test_fit_at_a_word),
		cmocka_unit_test(test_wrap_lines),
		cmocka_unit_test(test_no_word_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
