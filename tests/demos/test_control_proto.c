// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The control-channel parser and formatter (demos/control_proto.c): exact
 * results for good messages, rejection of bad ones, and format -> parse
 * round trips.  Prints one line per check and "N passed, N failed".
 */

#include <stdio.h>
#include <string.h>

#include "demos/control_proto.h"

static int passed, failed;

#define CHECK(cond, what)                                               \
	do {                                                            \
		if (cond) {                                             \
			passed++;                                       \
		} else {                                                \
			failed++;                                       \
			printf("not ok - %s (%s:%d)\n", what, __FILE__, \
			       __LINE__);                               \
		}                                                       \
	} while (0)

static int parse(const char *s, struct cs_ctl_msg *m)
{
	return cs_ctl_parse(s, strlen(s), m);
}

static void good_messages(void)
{
	struct cs_ctl_msg m;

	CHECK(parse("hello read_write 4242", &m) == 0 &&
		      m.type == CS_CTL_HELLO && m.pid == 4242 &&
		      !strcmp(m.text, "read_write"),
	      "hello");
	CHECK(parse("phase setup 1", &m) == 0 && m.type == CS_CTL_PHASE &&
		      m.phase == CS_CTL_PHASE_SETUP && m.ns == 1,
	      "phase setup");
	CHECK(parse("phase transfer 18446744073709551615", &m) == 0 &&
		      m.phase == CS_CTL_PHASE_TRANSFER &&
		      m.ns == 18446744073709551615ULL,
	      "phase transfer, largest timestamp");
	CHECK(parse("phase done 123456789012", &m) == 0 &&
		      m.phase == CS_CTL_PHASE_DONE && m.ns == 123456789012ULL,
	      "phase done");
	CHECK(parse("step 3 read(file, 64 KiB)", &m) == 0 &&
		      m.type == CS_CTL_STEP && m.seq == 3 &&
		      !strcmp(m.text, "read(file, 64 KiB)"),
	      "step with spaces in the label");
	CHECK(parse("result ok 16777216 5000000", &m) == 0 &&
		      m.type == CS_CTL_RESULT_OK && m.bytes == 16777216 &&
		      m.ns == 5000000,
	      "result ok");
	CHECK(parse("result fail the receiver died", &m) == 0 &&
		      m.type == CS_CTL_RESULT_FAIL &&
		      !strcmp(m.text, "the receiver died"),
	      "result fail");
	CHECK(parse("go", &m) == 0 && m.type == CS_CTL_GO, "go");
	CHECK(parse("quit", &m) == 0 && m.type == CS_CTL_QUIT, "quit");
	CHECK(cs_ctl_parse("go\n", 3, &m) == 0 && m.type == CS_CTL_GO,
	      "trailing newline tolerated");
	CHECK(cs_ctl_parse("quit", 5, &m) == 0 && m.type == CS_CTL_QUIT,
	      "trailing NUL tolerated");
	CHECK(cs_ctl_parse("step 1 write(socket, 4 KiB)XYZ", 27, &m) == 0 &&
		      !strcmp(m.text, "write(socket, 4 KiB)"),
	      "length, not NUL, ends the message");
}

static void bad_messages(void)
{
	static const char *const bad[] = {
		"",
		"hello",
		"hello read_write",
		"hello read_write 0",
		"hello read write 12",
		"hello read_write 12 extra",
		"hello read_write -12",
		"hello read_write 4294967296",
		"phase",
		"phase start 1",
		"phase setup",
		"phase setup x",
		"phase setup 1 2",
		"phase setup +1",
		"phase setup 18446744073709551616",
		"phase  setup 1",
		"step 0 read(file, 4 KiB)",
		"step 1",
		"step 1 ",
		"step x read",
		"step 4294967296 read",
		"step 1 read\tfile",
		"result",
		"result ok 1",
		"result ok 1 2 3",
		"result maybe 1 2",
		"result fail",
		"result fail ",
		"go now",
		"gogo",
		"quit!",
		"Hello read_write 1",
		" go",
	};
	struct cs_ctl_msg m;
	char longmsg[CS_CONTROL_MSG_MAX + 8];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[96];

		snprintf(what, sizeof(what), "rejects '%s'", bad[i]);
		CHECK(parse(bad[i], &m) == -1, what);
	}
	CHECK(cs_ctl_parse("go", 2, NULL) == -1, "rejects a NULL result");
	memset(longmsg, 'a', sizeof(longmsg));
	memcpy(longmsg, "step 1 ", 7);
	CHECK(cs_ctl_parse(longmsg, CS_CONTROL_MSG_MAX, &m) == 0,
	      "accepts exactly CS_CONTROL_MSG_MAX bytes");
	CHECK(cs_ctl_parse(longmsg, CS_CONTROL_MSG_MAX + 1, &m) == -1,
	      "rejects one byte more");
}

static void round_trips(void)
{
	struct cs_ctl_msg in, out;
	char buf[CS_CONTROL_MSG_MAX + 1];
	int n;

	memset(&in, 0, sizeof(in));
	in.type = CS_CTL_HELLO;
	in.pid = 77;
	strcpy(in.text, "sendfile_nogather");
	n = cs_ctl_format(buf, sizeof(buf), &in);
	CHECK(n == (int)strlen("hello sendfile_nogather 77") &&
		      !strcmp(buf, "hello sendfile_nogather 77"),
	      "format hello");
	CHECK(cs_ctl_parse(buf, (size_t)n, &out) == 0 && out.pid == 77 &&
		      !strcmp(out.text, "sendfile_nogather"),
	      "hello round trip");

	memset(&in, 0, sizeof(in));
	in.type = CS_CTL_PHASE;
	in.phase = CS_CTL_PHASE_DONE;
	in.ns = 987654321;
	n = cs_ctl_format(buf, sizeof(buf), &in);
	CHECK(n > 0 && !strcmp(buf, "phase done 987654321"), "format phase");

	memset(&in, 0, sizeof(in));
	in.type = CS_CTL_STEP;
	in.seq = 12;
	strcpy(in.text, "splice(pipe -> socket, 64 KiB)");
	n = cs_ctl_format(buf, sizeof(buf), &in);
	CHECK(n > 0 && !strcmp(buf, "step 12 splice(pipe -> socket, 64 KiB)"),
	      "format step");
	CHECK(cs_ctl_parse(buf, (size_t)n, &out) == 0 && out.seq == 12 &&
		      !strcmp(out.text, in.text),
	      "step round trip");

	/* Free text is cut to fit, and control characters become spaces. */
	memset(&in, 0, sizeof(in));
	in.type = CS_CTL_RESULT_FAIL;
	memset(in.text, 'x', CS_CONTROL_MSG_MAX);
	in.text[3] = '\n';
	n = cs_ctl_format(buf, sizeof(buf), &in);
	CHECK(n == CS_CONTROL_MSG_MAX && buf[12 + 3] == ' ',
	      "long failure message cut to CS_CONTROL_MSG_MAX");
	CHECK(cs_ctl_parse(buf, (size_t)n, &out) == 0 &&
		      out.type == CS_CTL_RESULT_FAIL &&
		      strlen(out.text) == CS_CONTROL_MSG_MAX - 12,
	      "cut message parses");

	memset(&in, 0, sizeof(in));
	in.type = CS_CTL_RESULT_OK;
	in.bytes = 1000003;
	in.ns = 42;
	n = cs_ctl_format(buf, sizeof(buf), &in);
	CHECK(n > 0 && !strcmp(buf, "result ok 1000003 42"), "format result");

	in.type = CS_CTL_GO;
	CHECK(cs_ctl_format(buf, sizeof(buf), &in) == 2 && !strcmp(buf, "go"),
	      "format go");
	in.type = CS_CTL_QUIT;
	CHECK(cs_ctl_format(buf, sizeof(buf), &in) == 4 && !strcmp(buf, "quit"),
	      "format quit");

	memset(&in, 0, sizeof(in));
	in.type = CS_CTL_STEP;
	strcpy(in.text, "x");
	CHECK(cs_ctl_format(buf, sizeof(buf), &in) == -1, "step 0 refused");
	in.type = CS_CTL_HELLO;
	in.pid = 1;
	strcpy(in.text, "bad name");
	CHECK(cs_ctl_format(buf, sizeof(buf), &in) == -1,
	      "demo name with a space refused");
	in.type = CS_CTL_PHASE;
	in.phase = 9;
	CHECK(cs_ctl_format(buf, sizeof(buf), &in) == -1,
	      "unknown phase refused");
	in.type = CS_CTL_GO;
	CHECK(cs_ctl_format(buf, 2, &in) == -1, "buffer too small refused");
	CHECK(cs_ctl_phase_name(CS_CTL_PHASE_TRANSFER) &&
		      !strcmp(cs_ctl_phase_name(CS_CTL_PHASE_TRANSFER),
			      "transfer") &&
		      cs_ctl_phase_name(0) == NULL,
	      "phase names");
}

int main(void)
{
	good_messages();
	bad_messages();
	round_trips();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
