// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_control.c - libFuzzer target: the demo control-channel parser.
 * Whatever parses must format back to a message that parses to the same
 * thing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demos/control_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cs_ctl_msg a, b;
	char buf[CS_CONTROL_MSG_MAX + 1];
	int n;

	if (cs_ctl_parse((const char *)data, size, &a))
		return 0;
	n = cs_ctl_format(buf, sizeof(buf), &a);
	if (n < 0)
		return 0;
	if (cs_ctl_parse(buf, n, &b))
		abort(); /* formatted output must parse */
	if (a.type != b.type || a.seq != b.seq || a.ns != b.ns ||
	    a.bytes != b.bytes || a.pid != b.pid || a.phase != b.phase ||
	    strcmp(a.text, b.text))
		abort();
	return 0;
}
