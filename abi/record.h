/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * record.h - checking and naming the records of abi/copyscope.h.
 * Records reach user space from the ring buffer and from recording files
 * (untrusted input): nothing reads a record's body before
 * record_check() said it is whole.
 */
#ifndef COPYSCOPE_RECORD_H
#define COPYSCOPE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "abi/copyscope.h"

/* The size a record of this type must have, or 0 for an unknown type. */
size_t record_size(uint16_t type);

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
