// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Fill and check the demo pattern a word at a time: the receiver checks every
 * byte it gets, and it must not become the bottleneck it is supposed to
 * measure (this runs at several GB/s).
 */

#include <string.h>

#include "demos/pattern.h"

void pattern_fill(void *buf, uint64_t off, size_t len)
{
	uint8_t *p = buf;

	/* Bytes up to the next 8-byte file offset. */
	while (len && (off & 7)) {
		*p++ = pattern_byte(off++);
		len--;
	}
	for (; len >= 8; len -= 8, off += 8, p += 8) {
		uint64_t w = pattern_word(off >> 3);

		/* The pattern is little-endian, like the machines we run on. */
		memcpy(p, &w, 8);
	}
	while (len--)
		*p++ = pattern_byte(off++);
}

int64_t pattern_check(const void *buf, uint64_t off, size_t len)
{
	const uint8_t *p = buf;
	size_t i = 0;

	while (i < len && ((off + i) & 7)) {
		if (p[i] != pattern_byte(off + i))
			return (int64_t)i;
		i++;
	}
	/*
	 * Whole words, a block at a time: OR the differences together and
	 * look closer only if something differs (no branch per word).
	 */
	while (len - i >= 8) {
		size_t words = (len - i) / 8, blk = words < 512 ? words : 512;
		uint64_t k = (off + i) >> 3, diff = 0;

		for (size_t w = 0; w < blk; w++) {
			uint64_t got;

			memcpy(&got, p + i + 8 * w, 8);
			diff |= got ^ pattern_word(k + w);
		}
		if (diff)
			break; /* the byte loop below finds which byte */
		i += 8 * blk;
	}
	for (; i < len; i++)
		if (p[i] != pattern_byte(off + i))
			return (int64_t)i;
	return -1;
}
