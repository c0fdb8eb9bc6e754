// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rec_drop.c - copy a recording, leaving out its first record of one type:
 * a record lost where nothing counted the loss, made on purpose, to see
 * that every output names the counter it leaves unexplained.
 *
 *   rec_drop IN OUT TYPE      TYPE: enum cs_type, e.g. 7 (xmit)
 *
 * The header's own size field says where the records start; each record's
 * size says where the next one starts.  Exit 0 when a record was left out,
 * 1 when none of that type was found, 2 on error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/copyscope.h"
#include "abi/recording.h"

static int copy(FILE *in, FILE *out, size_t n)
{
	char buf[4096];

	while (n) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		if (fread(buf, 1, k, in) != k || fwrite(buf, 1, k, out) != k)
			return -1;
		n -= k;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cs_rec_header h;
	struct cs_hdr r;
	FILE *in, *out;
	int type, dropped = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: rec_drop IN OUT TYPE\n");
		return 2;
	}
	type = atoi(argv[3]);
	in = fopen(argv[1], "rb");
	out = fopen(argv[2], "wb");
	if (!in || !out || fread(&h, 1, 16, in) != 16 || h.header_size < 16 ||
	    h.header_size > sizeof(h)) {
		fprintf(stderr, "rec_drop: cannot read %s\n", argv[1]);
		return 2;
	}
	if (fread((char *)&h + 16, 1, h.header_size - 16, in) !=
		    h.header_size - 16 ||
	    fwrite(&h, 1, h.header_size, out) != h.header_size)
		return 2;
	while (fread(&r, 1, sizeof(r), in) == sizeof(r)) {
		if (r.size < sizeof(r))
			return 2;
		if (!dropped && r.type == type) {
			dropped = 1;
			if (fseek(in, r.size - (long)sizeof(r), SEEK_CUR))
				return 2;
			continue;
		}
		if (fwrite(&r, 1, sizeof(r), out) != sizeof(r) ||
		    copy(in, out, r.size - sizeof(r)))
			return 2;
	}
	if (fclose(out))
		return 2;
	fclose(in);
	return dropped ? 0 : 1;
}
