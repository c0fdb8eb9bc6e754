// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_serve.c - libFuzzer target: the service's socket parser
 * (run/serve_proto.c), on a stream as the service reads it from a client
 * and as a client reads it from the service.  A message it accepts must
 * have exactly the length its type has, and lie within the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "abi/record.h"
#include "run/serve_proto.h"

static void walk(const uint8_t *data, size_t size, enum srv_side side)
{
	size_t off = 0;
	struct srv_hdr h;
	int n;

	while ((n = srv_parse(data + off, size - off, side)) > 0) {
		if ((size_t)n > size - off || (size_t)n < sizeof(h))
			abort();
		memcpy(&h, data + off, sizeof(h));
		if (h.len != (size_t)n || h.magic != SRV_MAGIC)
			abort();
		if (side == SRV_FROM_CLIENT && h.type != SRV_TRACE &&
		    h.type != SRV_STOP && h.type != SRV_STATUS)
			abort();
		if (side == SRV_FROM_CLIENT && h.type == SRV_TRACE &&
		    (size_t)n != sizeof(struct srv_trace))
			abort();
		if (h.type == SRV_RECORD &&
		    record_check(data + off + sizeof(h), n - sizeof(h)) !=
			    n - sizeof(h))
			abort();
		off += (size_t)n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	walk(data, size, SRV_FROM_CLIENT);
	walk(data, size, SRV_FROM_SERVICE);
	return 0;
}
