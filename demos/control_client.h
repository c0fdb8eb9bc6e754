/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_CONTROL_CLIENT_H
#define COPYSCOPE_DEMOS_CONTROL_CLIENT_H

/*
 * The demo's end of the control channel (protocol in demos/control.h).
 * Without COPYSCOPE_CONTROL_FD every function here does nothing.
 */

#include <stdint.h>

#include "demos/control_proto.h"

/*
 * Read the environment, say hello.  Returns 0, or -1 with a message on
 * stderr if COPYSCOPE_CONTROL_FD or COPYSCOPE_CONTROL_MODE is invalid.
 */
int ctl_init(const char *demo_name);

/* Is a watcher attached? */
int ctl_active(void);

/* Announce a phase (the timestamp is taken here, just before sending). */
void ctl_phase(enum cs_ctl_phase phase);

/*
 * Announce the next I/O system call; in step mode wait for "go".  On "quit"
 * (or a closed channel) the demo cleans up and exits with status 3 from
 * here, so a demo's loop needs no extra exit path.
 */
void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void ctl_result_ok(uint64_t bytes, uint64_t ns);
void ctl_result_fail(const char *msg);

/* In a forked child: close the channel (only the demo process talks). */
void ctl_close_in_child(void);

#endif /* COPYSCOPE_DEMOS_CONTROL_CLIENT_H */
