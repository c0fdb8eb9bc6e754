// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_trace_args.c - option parsing of 'copyscope trace'. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "abi/copyscope.h"
#include "cli/trace_args.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof(a[0])) - 1)

static void test_command(void **state)
{
	char *argv[] = { "trace", "--json", "--tier=tracepoint", "--ringbuf",
			 "64K", "-T", "--nice=19", "--", "dd", "--json", NULL };
	struct trace_args a;
	char err[200];

	(void)state;
	assert_int_equal(trace_args_parse(&a, ARGC(argv), argv, err, sizeof(err)), 0);
	assert_true(a.json);
	assert_int_equal(a.tier, CS_TIER_TRACEPOINT);
	assert_int_equal(a.ringbuf, 65536);
	assert_true(a.syscall_times);
	assert_int_equal(a.nice, 19);
	assert_true(a.follow);
	/* options after -- belong to the command */
	assert_ptr_equal(a.argv, &argv[8]);
	assert_string_equal(a.argv[1], "--json");
	assert_int_equal(a.targets.npids, 0);
}

static void test_pid_and_flags(void **state)
{
	char *user[] = { "trace", "-u", "nobody", "--", "id", NULL };
	char *fm[] = { "trace", "--report", "--flow-min", "1M", "-p", "1", NULL };
	char *fm0[] = { "trace", "--flow-min=0", "-p", "1", NULL };
	char *argv[] = { "trace", "-p", "1234", "-q", "--no-follow",
			 "--io-only", "-d", "2.5", "-o", "out.txt", NULL };
	struct trace_args a;
	char err[200];

	(void)state;
	assert_int_equal(trace_args_parse(&a, ARGC(argv), argv, err, sizeof(err)), 0);
	assert_int_equal(a.targets.npids, 1);
	assert_int_equal(a.targets.pids[0], 1234);
	assert_true(a.quiet);
	assert_false(a.follow);
	assert_true(a.io_only);
	assert_true(a.duration > 2.49 && a.duration < 2.51);
	assert_string_equal(a.output, "out.txt");
	assert_int_equal(a.ringbuf, 4 << 20); /* the default: 4 MiB */
	assert_null(a.user);
	assert_int_equal(a.nice, TRACE_NICE_DEFAULT);
	assert_false(a.syscall_times);
	assert_null(a.argv);
	assert_int_equal(a.flow_min, 64 * 1024); /* the default */
	assert_int_equal(trace_args_parse(&a, ARGC(user), user, err, sizeof(err)), 0);
	assert_string_equal(a.user, "nobody");
	assert_int_equal(trace_args_parse(&a, ARGC(fm), fm, err, sizeof(err)), 0);
	assert_int_equal(a.flow_min, 1 << 20);
	assert_int_equal(trace_args_parse(&a, ARGC(fm0), fm0, err, sizeof(err)), 0);
	assert_int_equal(a.flow_min, 0);
}

static void expect_error(char **argv, int argc, const char *msg)
{
	struct trace_args a;
	char err[200] = "";

	assert_int_equal(trace_args_parse(&a, argc, argv, err, sizeof(err)), -1);
	assert_string_equal(err, msg);
}

/* -p lists and repeats, as $(pidof NAME) gives them; -n and --cgroup */
static void test_targets(void **state)
{
	char *argv[] = { "trace", "-p", "12,34", "-p", "56", "--pid=34",
			 "-n", "nginx", "--name", "a-very-long-program-name",
			 "--cgroup", "/sys/fs/cgroup/x", NULL };
	struct trace_args a;
	char err[200], key[CS_COMM_LEN];

	(void)state;
	assert_int_equal(trace_args_parse(&a, ARGC(argv), argv, err, sizeof(err)), 0);
	assert_int_equal(a.targets.npids, 3); /* 34 once */
	assert_int_equal(a.targets.pids[0], 12);
	assert_int_equal(a.targets.pids[1], 34);
	assert_int_equal(a.targets.pids[2], 56);
	assert_int_equal(a.targets.nnames, 2);
	assert_string_equal(a.targets.names[0], "nginx");
	assert_string_equal(a.targets.cgroup, "/sys/fs/cgroup/x");
	/* the kernel keeps 15 bytes of a name */
	targets_comm_key(a.targets.names[1], key);
	assert_string_equal(key, "a-very-long-pro");
	assert_int_equal(key[CS_COMM_LEN - 1], 0);
}

static void test_errors(void **state)
{
	char *none[] = { "trace", NULL };
	char *both[] = { "trace", "-p", "5", "--", "ls", NULL };
	char *badpid[] = { "trace", "-p", "12x", NULL };
	char *zero[] = { "trace", "-p", "0", NULL };
	char *nopid[] = { "trace", "-p", NULL };
	char *comma[] = { "trace", "-p", "5,", NULL };
	char *noname[] = { "trace", "-n", NULL };
	char *namecmd[] = { "trace", "-n", "x", "--", "ls", NULL };
	char *unk[] = { "trace", "--frobnicate", NULL };
	char *tier[] = { "trace", "--tier", "magic", "-p", "1", NULL };
	char *ring[] = { "trace", "--ringbuf=12", "-p", "1", NULL };
	char *dash[] = { "trace", "--", NULL };
	char *rep_io[] = { "trace", "--report", "--io-only", "-p", "1", NULL };
	char *rep_cnt[] = { "trace", "--counters-only", "--report", "-p", "1",
			    NULL };
	char *nice[] = { "trace", "--nice", "-1", "-p", "1", NULL };
	char *times[] = { "trace", "-T", "--counters-only", "-p", "1", NULL };
	char *upid[] = { "trace", "-u", "nobody", "-p", "1", NULL };
	char *unone[] = { "trace", "--user=", "--", "id", NULL };
	char *fmbad[] = { "trace", "--flow-min", "lots", "-p", "1", NULL };

	(void)state;
	expect_error(none, ARGC(none),
		     "nothing to trace: give -p PID, -n NAME, --cgroup DIR or -- COMMAND");
	expect_error(both, ARGC(both),
		     "give either -p, -n or --cgroup, or -- COMMAND, not both");
	expect_error(badpid, ARGC(badpid), "'12x' is not a list of process ids");
	expect_error(zero, ARGC(zero), "'0' is not a list of process ids");
	expect_error(comma, ARGC(comma), "'5,' is not a list of process ids");
	expect_error(noname, ARGC(noname), "-n needs a process name");
	expect_error(namecmd, ARGC(namecmd),
		     "give either -p, -n or --cgroup, or -- COMMAND, not both");
	expect_error(nopid, ARGC(nopid), "-p needs a process id");
	expect_error(unk, ARGC(unk), "unknown option '--frobnicate'");
	expect_error(tier, ARGC(tier), "--tier takes auto, fentry, kprobe or tracepoint");
	expect_error(ring, ARGC(ring), "--ringbuf takes a size from 4K to 1G, like 8M");
	expect_error(dash, ARGC(dash), "'--' must be followed by a command");
	expect_error(rep_io, ARGC(rep_io),
		     "--report needs a record of every system call: not with --io-only");
	expect_error(rep_cnt, ARGC(rep_cnt),
		     "--report needs a record of every system call: not with --counters-only");
	expect_error(nice, ARGC(nice), "--nice takes 0 to 19");
	expect_error(times, ARGC(times),
		     "-T times system call records: not with --counters-only");
	expect_error(upid, ARGC(upid), "-u runs a command as USER: give -- COMMAND");
	expect_error(unone, ARGC(unone), "--user needs a user name");
	expect_error(fmbad, ARGC(fmbad), "--flow-min takes a size, like 64K or 0");
}

static void test_help_needs_nothing_else(void **state)
{
	char *argv[] = { "trace", "--help", NULL };
	struct trace_args a;
	char err[200];

	(void)state;
	assert_int_equal(trace_args_parse(&a, ARGC(argv), argv, err, sizeof(err)), 0);
	assert_true(a.help);
}

static void test_parse_size(void **state)
{
	(void)state;
	assert_int_equal(parse_size("4096"), 4096);
	assert_int_equal(parse_size("64K"), 65536);
	assert_int_equal(parse_size("64KiB"), 65536);
	assert_int_equal(parse_size("8m"), 8 << 20);
	assert_int_equal(parse_size("1G"), 1 << 30);
	assert_int_equal(parse_size(""), -1);
	assert_int_equal(parse_size("-1"), -1);
	assert_int_equal(parse_size("12Q"), -1);
	assert_int_equal(parse_size("K"), -1);
	assert_int_equal(parse_size("99999999999999999999"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_pid_and_flags),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_help_needs_nothing_else),
		cmocka_unit_test(test_parse_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
