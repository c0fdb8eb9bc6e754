/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * serve_proto.h - what 'copyscope serve' and its clients say to each
 * other on the service's Unix socket.
 *
 * Every message is a fixed-width header and a body of a fixed size for its
 * type (a record's body: exactly the record, checked by record_check()).
 * Each side trusts nothing the other sends: srv_parse() checks the magic,
 * the type against the direction and the length against the type before
 * anything is used.  Both ends are on the same machine: host byte order.
 *
 *   client -> service   TRACE pid [FROM_EXEC]   one of the client's own
 *         [control fd]                          processes (or, FROM_EXEC,
 *                                               its next exec: a command
 *                                               the client started; a
 *                                               demo's calls on its control
 *                                               fd are not counted;
 *                                               ENTRY_TIMES: -T)
 *                       STOP                    counters, then END
 *                       STATUS                  the service's state
 *   service -> client   OK / ERR errno text     the answer to TRACE
 *                       RECORD record           of the client's processes
 *                       COUNTERS tgid counters  exact, one per process
 *                       END reason lost         last message
 *                       STATUS_REPLY            the answer to STATUS
 */
#ifndef COPYSCOPE_SERVE_PROTO_H
#define COPYSCOPE_SERVE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/copyscope.h"

#define SRV_MAGIC 0x43535631u /* "CSV1" */
#define SRV_SOCKET_DEFAULT "/run/copyscope.sock"
#define SRV_GROUP "copyscope"

enum srv_type {
	/* client -> service */
	SRV_TRACE = 1,
	SRV_STOP,
	SRV_STATUS,
	/* service -> client */
	SRV_OK = 16,
	SRV_ERR,
	SRV_RECORD,
	SRV_COUNTERS,
	SRV_END,
	SRV_STATUS_REPLY,
};

struct srv_hdr {
	uint32_t magic;
	uint16_t type;
	uint16_t len; /* the whole message, header included */
};

#define SRV_TRACE_FROM_EXEC 1u
/* the client shows call durations (trace -T): while any client asks, the
 * entry program is attached, and every process on the machine pays */
#define SRV_TRACE_ENTRY_TIMES 2u

struct srv_trace {
	struct srv_hdr h;
	int32_t pid;
	uint32_t flags; /* SRV_TRACE_* */
	int32_t control_fd; /* a demo's control channel in pid; -1: none */
	uint32_t pad;
};

struct srv_err {
	struct srv_hdr h;
	int32_t err; /* positive errno: EPERM another user's process */
	uint32_t pad;
	char text[240]; /* NUL-terminated within */
};

struct srv_counters {
	struct srv_hdr h;
	uint32_t tgid;
	uint32_t pad;
	struct cs_counters c;
};

enum srv_end_reason {
	SRV_END_STOPPED = 1, /* the client asked (STOP) */
	SRV_END_SHUTDOWN, /* the service is stopping */
	SRV_END_REASON_MAX,
};

struct srv_end {
	struct srv_hdr h;
	uint32_t reason; /* enum srv_end_reason */
	uint32_t pad;
	uint64_t lost; /* records the client's buffer in the service dropped */
	uint64_t
		ring_drops; /* records the kernel's ring buffer dropped (all) */
	uint64_t missed_runs; /* program runs the kernel skipped (all) */
};

struct srv_status {
	struct srv_hdr h;
	uint32_t clients; /* connected, this one included */
	uint32_t processes; /* processes the sessions follow */
	uint64_t traced_threads; /* bits set in the kernel filter */
	uint64_t buffered_bytes; /* waiting in clients' buffers */
	/* what a client says of its session: as when it loads the programs */
	int32_t tier; /* enum cs_tier of the service's probe */
	uint32_t entry_clients; /* clients that asked for -T */
	uint64_t ring_drops; /* so far, all users: a session's are the rise */
	uint64_t missed_runs;
	char kernel[64]; /* the release, NUL-terminated within */
	uint64_t counted_processes; /* counters kept in the kernel */
};

/* The largest message: a record (header + the largest record type). */
#define SRV_MSG_MAX 4096

/* Who parses: the service reads client messages, the client the others. */
enum srv_side { SRV_FROM_CLIENT, SRV_FROM_SERVICE };

/*
 * Look at the first n bytes of a stream from side.  Returns the length of
 * the first message when it is whole and valid, 0 when more bytes are
 * needed, -1 when the stream is broken (bad magic, a type that side does
 * not send, a length wrong for the type, a record that fails
 * record_check()): the connection must then be closed.
 */
int srv_parse(const void *buf, size_t n, enum srv_side side);

/* Fill a header. */
void srv_hdr_init(struct srv_hdr *h, enum srv_type type, size_t len);

#endif
