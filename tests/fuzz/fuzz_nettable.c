// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_nettable.c - libFuzzer target: arbitrary bytes as one of the
 * kernel's socket tables (/proc/PID/net/tcp, tcp6, udp, udp6, unix; the
 * first byte says which), read the way run/ends_net.c reads them to name
 * a socket.  A unix socket's path is the traced program's choice, any
 * byte but NUL: nothing may crash or read out of bounds, and every name
 * is a NUL-terminated string shorter than an endpoint record's text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "run/ends_net.h"

static void check(const char *text)
{
	if (strnlen(text, CS_ENDPOINT_LEN) >= CS_ENDPOINT_LEN)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct net_table t;
	char text[CS_ENDPOINT_LEN];
	int which;

	if (!size)
		return 0;
	which = data[0] % NET_TABLES;
	if (net_table_index(&t, which, (const char *)data + 1, size - 1))
		return 0;
	/* every socket listed, and one that is not */
	for (size_t i = 0; i < t.nrows; i++) {
		memset(text, 0x55, sizeof(text));
		if (net_table_name(&t, which, t.rows[i].ino, text) ==
		    ENDS_NAMED)
			check(text);
	}
	if (net_table_name(&t, which, 0, text) == ENDS_NAMED)
		abort(); /* no line has inode 0 */
	return 0;
}
