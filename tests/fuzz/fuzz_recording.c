// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_recording.c - libFuzzer target: a recording file (the header and
 * the records after it) read back as a replay would.
 */
#include <stdint.h>
#include <stdio.h>

#include "views/recording.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char buf[CS_REC_MAX_RECORD];
	struct recording r;
	char err[200];
	FILE *f;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	if (!recording_open(&r, f, err, sizeof(err)))
		while (recording_next(&r, buf, sizeof(buf)))
			;
	fclose(f);
	return 0;
}
