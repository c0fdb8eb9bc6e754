/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * record.h - checking and naming the records of abi/copyscope.h.
 * Records reach user space from the ring buffer and from recording files
 * (untrusted input): nothing reads a record's body before
 * record_check() said it is whole.
 */
#ifndef COPYSCOPE_RECORD_H
#define COPYSCOPE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/copyscope.h"

/*
 * Every record type, once: X(type, layout, member, name, held)
 *   layout  its struct (without "struct");
 *   member  the name of that layout in a union of all (the model's);
 *   name    the name used in JSON and text output;
 *   held    1: written in a thread's context, the model holds it until
 *           that thread's system call is known; 0: handled at once.
 * S(...) is a type that shares the layout of the row above: a union has
 * that member once.  Adding a record type: its struct and enum value in
 * copyscope.h, its row here, and the rule that uses it.
 */
// clang-format off
#define CS_RECORDS(X, S) \
	X(CS_EV_SYSCALL, cs_syscall, sc, "syscall", 0) \
	X(CS_EV_SWITCH, cs_switch, sw, "switch", 1) \
	X(CS_EV_FORK, cs_proc, proc, "fork", 0) \
	S(CS_EV_EXEC, cs_proc, proc, "exec", 0) \
	S(CS_EV_EXIT, cs_proc, proc, "exit", 0) \
	S(CS_EV_NAME, cs_proc, proc, "name", 0) \
	X(CS_EV_TCP_SEND, cs_tcp_send, tcp, "tcp_send", 1) \
	X(CS_EV_XMIT, cs_xmit, xmit, "xmit", 1) \
	X(CS_EV_RECV_COPY, cs_recv_copy, rc, "recv_copy", 1) \
	X(CS_EV_CACHE_ADD, cs_cache_add, ca, "cache_add", 1) \
	X(CS_EV_BLOCK, cs_block, blk, "block", 1) \
	X(CS_EV_FAULT, cs_fault, flt, "fault", 1) \
	X(CS_EV_URING, cs_uring, ur, "io_uring", 1) \
	X(CS_EV_LEASE, cs_lease, ls, "lease", 1) \
	X(CS_EV_SIGNAL, cs_signal, sg, "signal", 1) \
	X(CS_EV_COPY, cs_copy, cp, "copy", 1) \
	X(CS_EV_CACHE_WRITE, cs_cache_write, cw, "cache_write", 1) \
	X(CS_EV_PHASE, cs_phase, ph, "phase", 0) \
	S(CS_EV_STEP, cs_phase, ph, "step", 0) \
	X(CS_EV_COUNTERS, cs_counters_rec, kc, "counters", 0) \
	X(CS_EV_ENDPOINT, cs_endpoint, ep, "endpoint", 0)
// clang-format on

/* The size a record of this type must have, or 0 for an unknown type. */
size_t record_size(uint16_t type);
/* Whether the model holds records of this type until their system call. */
bool record_held(uint16_t type);

/*
 * Whether buf holds one whole record of a known type: len at least the
 * header, h.size equal to the size of its type and not more than len.
 * Returns the record size, or 0 when it is not a valid record.
 */
size_t record_check(const void *buf, size_t len);

/* "syscall", "switch", ...: the name used in JSON and text output. */
const char *record_type_name(uint16_t type);

/* Short names of enum values, for output. */
const char *fd_kind_name(uint8_t kind);
const char *iter_name(uint8_t iter);
const char *copy_fn_name(uint8_t fn); /* the kernel function's name */
const char *tier_name(int tier);
const char *counter_name(int counter); /* JSON key of enum cs_counter */

#endif
