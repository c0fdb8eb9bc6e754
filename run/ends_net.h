/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ends_net.h - a socket's name by its inode, from the kernel's tables of
 * a process's network namespace: /proc/PID/net/{tcp,tcp6,udp,udp6,unix}.
 *
 * A table is read whole and indexed by inode, and kept: every socket a
 * trace meets in one drain of the ring buffer is found with one read.  A
 * table read after a record was written holds that record's socket if it
 * was still open; a socket that is not in it is read again only for a
 * record younger than the table.
 */
#ifndef COPYSCOPE_ENDS_NET_H
#define COPYSCOPE_ENDS_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "abi/copyscope.h"

/* What a lookup gave. */
enum ends_verdict {
	ENDS_NAMED = 0, /* text holds the name */
	ENDS_LATER, /* not yet (unbound, or gone): ask at the next record */
	ENDS_NEVER, /* nothing to name (a netlink socket): do not ask again */
};

enum net_which {
	NET_TCP = 0,
	NET_TCP6,
	NET_UDP,
	NET_UDP6,
	NET_UNIX,
	NET_TABLES,
};

struct net_row {
	uint64_t ino;
	uint32_t off; /* the line, in the table's buf */
};

/* One table as read: its text, and its lines' inodes sorted. */
struct net_table {
	bool valid;
	uint64_t netns; /* inode of the namespace it was read in */
	uint64_t read_ts; /* CLOCK_MONOTONIC ns when the read began */
	char *buf;
	size_t len, cap;
	struct net_row *rows;
	size_t nrows, caprows;
};

struct net_tables {
	struct net_table t[NET_TABLES];
	uint64_t reads; /* tables read so far */
};

/* The table a socket of these CS_FF_* flags is listed in; -1: none. */
int net_table_of(uint16_t fflags);

/*
 * The name of socket ino of process pid (its network namespace), for a
 * record written at rec_ts (CLOCK_MONOTONIC ns), into text (NUL-ended).
 */
enum ends_verdict net_find(struct net_tables *nt, pid_t pid, int which,
			   uint64_t ino, uint64_t rec_ts,
			   char text[CS_ENDPOINT_LEN]);
void net_tables_free(struct net_tables *nt);

/*
 * The parts that take text and nothing else (unit-tested and fuzzed): the
 * table's bytes (len of them, any content) become its index, replacing
 * what it held; then the name of a socket in it.  An inode listed twice
 * (a unix socket's path may hold a newline that forges a line) names
 * nothing.  -1 when out of memory.
 */
int net_table_index(struct net_table *t, int which, const char *buf,
		    size_t len);
enum ends_verdict net_table_name(const struct net_table *t, int which,
				 uint64_t ino, char text[CS_ENDPOINT_LEN]);

#endif
