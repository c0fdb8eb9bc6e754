// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_opts.c - every subcommand's option reader (cli/opts.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "cli/opts.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof(a[0])) - 1)

enum { O_SPEED = 256, O_JSON };
static const struct option longs[] = {
	{ "speed", required_argument, NULL, O_SPEED },
	{ "json", no_argument, NULL, O_JSON },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ NULL, 0, NULL, 0 },
};

/* "--opt=value", "--opt value", "-o value", "-ovalue": the same. */
static void test_value_forms(void **state)
{
	char *argv[] = { "replay",     "--speed=2", "FILE", "--speed",
			 "4",	       "-o",	    "a",    "-ob",
			 "--output=c", "-q",	    NULL };
	const char *want[] = { "2", "4", "a", "b", "c" };
	char err[100];
	struct opts o;
	int c, n = 0;

	(void)state;
	opts_init(&o, ARGC(argv), argv, longs, false);
	while ((c = opts_next(&o, err, sizeof(err))) != -1) {
		assert_int_not_equal(c, OPTS_ERROR);
		if (c == 'q')
			continue;
		assert_string_equal(o.arg, want[n]);
		assert_string_equal(o.name, c == O_SPEED ? "--speed" :
					    n == 4	 ? "--output" :
							   "-o");
		n++;
	}
	assert_int_equal(n, 5);
	/* options may follow the operand */
	assert_int_equal(opts_index(&o), ARGC(argv) - 1);
	assert_string_equal(argv[opts_index(&o)], "FILE");
}

static int first_error(char **argv, int argc, bool in_order, char *err,
		       struct opts *o)
{
	int c;

	opts_init(o, argc, argv, longs, in_order);
	while ((c = opts_next(o, err, 100)) != -1)
		if (c == OPTS_ERROR || ((c == O_SPEED || c == 'o') && !o->arg))
			return c;
	return -1;
}

static void test_errors(void **state)
{
	char *unk[] = { "x", "--bogus", NULL };
	char *unks[] = { "x", "-z", NULL };
	char *noval[] = { "x", "--json=1", NULL };
	char *missing[] = { "x", "--speed", NULL };
	char *missing_s[] = { "x", "-o", NULL };
	char err[100] = "";
	struct opts o;

	(void)state;
	assert_int_equal(first_error(unk, ARGC(unk), false, err, &o),
			 OPTS_ERROR);
	assert_string_equal(err, "unknown option '--bogus'");
	assert_int_equal(first_error(unks, ARGC(unks), false, err, &o),
			 OPTS_ERROR);
	assert_string_equal(err, "unknown option '-z'");
	assert_int_equal(first_error(noval, ARGC(noval), false, err, &o),
			 OPTS_ERROR);
	assert_string_equal(err, "--json takes no value");
	/* a missing value is the caller's to word */
	assert_int_equal(first_error(missing, ARGC(missing), false, err, &o),
			 O_SPEED);
	assert_null(o.arg);
	assert_string_equal(o.name, "--speed");
	assert_int_equal(
		first_error(missing_s, ARGC(missing_s), false, err, &o), 'o');
	assert_string_equal(o.name, "-o");
}

/* In order: the options end at "--" or the first operand, argv as it was. */
static void test_in_order(void **state)
{
	char *argv[] = { "trace", "-q", "--", "dd", "--json", NULL };
	char *plain[] = { "report", "-q", "sendfile", "--json", NULL };
	char err[100];
	struct opts o;

	(void)state;
	assert_int_equal(first_error(argv, ARGC(argv), true, err, &o), -1);
	assert_true(o.dashdash);
	assert_int_equal(opts_index(&o), 3);
	assert_int_equal(first_error(plain, ARGC(plain), true, err, &o), -1);
	assert_false(o.dashdash);
	assert_int_equal(opts_index(&o), 2);
	assert_string_equal(plain[3], "--json");
}

static void test_speed(void **state)
{
	double x = 1;

	(void)state;
	assert_int_equal(parse_speed("2", &x), 0);
	assert_true(x == 2);
	assert_int_equal(parse_speed("0.1", &x), -1);
	assert_int_equal(parse_speed("33", &x), -1);
	assert_int_equal(parse_speed("", &x), -1);
	assert_int_equal(parse_speed("2x", &x), -1);
	assert_int_equal(parse_speed(NULL, &x), -1);
	assert_true(x == 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
