/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_CONTROL_PROTO_H
#define COPYSCOPE_DEMOS_CONTROL_PROTO_H

/*
 * Parser and formatter of the control-channel messages described in
 * demos/control.h.  Pure C: no I/O, no allocation, no other demos/ file, so
 * that the copyscope binary can compile it too.
 */

#include <stddef.h>
#include <stdint.h>

#include "demos/control.h"

enum cs_ctl_type {
	CS_CTL_HELLO = 1,
	CS_CTL_PHASE,
	CS_CTL_STEP,
	CS_CTL_RESULT_OK,
	CS_CTL_RESULT_FAIL,
	CS_CTL_GO,
	CS_CTL_QUIT,
};

/* Same values as CS_PHASE_* in abi/copyscope.h. */
enum cs_ctl_phase {
	CS_CTL_PHASE_SETUP = 1,
	CS_CTL_PHASE_TRANSFER = 2,
	CS_CTL_PHASE_DONE = 3,
};

struct cs_ctl_msg {
	enum cs_ctl_type type;
	enum cs_ctl_phase phase; /* CS_CTL_PHASE */
	uint32_t pid; /* CS_CTL_HELLO */
	uint32_t seq; /* CS_CTL_STEP, from 1 */
	uint64_t ns; /* CS_CTL_PHASE: timestamp; CS_CTL_RESULT_OK: duration */
	uint64_t bytes; /* CS_CTL_RESULT_OK */
	/* HELLO: demo name; STEP: label; RESULT_FAIL: message.  NUL-terminated.
	 */
	char text[CS_CONTROL_MSG_MAX + 1];
};

/*
 * Parse one datagram of len bytes (need not be NUL-terminated; one trailing
 * NUL or newline is tolerated).  Returns 0 and fills *m, or -1 if the message
 * is malformed (unknown keyword, bad number, missing or extra field, control
 * characters, too long).
 */
int cs_ctl_parse(const char *buf, size_t len, struct cs_ctl_msg *m);

/*
 * Format *m into buf (size bytes, NUL-terminated).  Free text (label,
 * failure message) that would make the message longer than
 * CS_CONTROL_MSG_MAX is cut short, and control characters in it become
 * spaces.  Returns the message length without the NUL, or -1 if *m cannot be
 * expressed (unknown type or phase, seq 0, empty or invalid demo name) or
 * buf is too small.
 */
int cs_ctl_format(char *buf, size_t size, const struct cs_ctl_msg *m);

/* "setup", "transfer", "done", or NULL. */
const char *cs_ctl_phase_name(enum cs_ctl_phase phase);

#endif /* COPYSCOPE_DEMOS_CONTROL_PROTO_H */
