/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_PATTERN_H
#define COPYSCOPE_DEMOS_PATTERN_H

/*
 * The content of every demo file, so that a receiver can check each byte it
 * gets without reading the file: byte i is byte (i % 8) (little-endian) of
 * pattern_word(i / 8), a function of the word index.  Any offset, any
 * length; a file of any size is a prefix of every larger one.
 */

#include <stddef.h>
#include <stdint.h>

/*
 * A counter, so that checking costs a few instructions per word and the
 * receiver does not become the bottleneck it is meant to measure; XORed with
 * a shifted copy and a constant so that the bytes are not mostly zero.  The
 * map is one-to-one: a word sent to the wrong offset is always caught.
 */
static inline uint64_t pattern_word(uint64_t k)
{
	return k ^ (k << 40) ^ 0x5ac3a55a3cc3965aULL;
}

static inline uint8_t pattern_byte(uint64_t off)
{
	return (uint8_t)(pattern_word(off >> 3) >> (8 * (off & 7)));
}

/* Fill buf with the bytes at file offsets off .. off+len-1. */
void pattern_fill(void *buf, uint64_t off, size_t len);

/*
 * Check that buf holds the bytes at file offsets off .. off+len-1.
 * Returns -1 if it does, else the index in buf of the first wrong byte.
 */
int64_t pattern_check(const void *buf, uint64_t off, size_t len);

#endif /* COPYSCOPE_DEMOS_PATTERN_H */
