// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * serve_proto.c - checking the messages of the service's socket (see
 * serve_proto.h): every length is the one its type has, before use.
 */
#include <stddef.h>
#include <string.h>

#include "abi/record.h"
#include "run/serve_proto.h"

/* The size a message of this type has; 0: side does not send it. */
static size_t fixed_len(uint16_t type, enum srv_side side)
{
	if (side == SRV_FROM_CLIENT) {
		switch (type) {
		case SRV_TRACE:
			return sizeof(struct srv_trace);
		case SRV_STOP:
		case SRV_STATUS:
			return sizeof(struct srv_hdr);
		}
		return 0;
	}
	switch (type) {
	case SRV_OK:
		return sizeof(struct srv_hdr);
	case SRV_ERR:
		return sizeof(struct srv_err);
	case SRV_COUNTERS:
		return sizeof(struct srv_counters);
	case SRV_END:
		return sizeof(struct srv_end);
	case SRV_STATUS_REPLY:
		return sizeof(struct srv_status);
	}
	return 0;
}

int srv_parse(const void *buf, size_t n, enum srv_side side)
{
	const unsigned char *p = buf;
	struct srv_hdr h;
	size_t want;

	if (n < sizeof(h))
		return 0;
	memcpy(&h, p, sizeof(h));
	if (h.magic != SRV_MAGIC || h.len < sizeof(h) || h.len > SRV_MSG_MAX)
		return -1;
	if (side == SRV_FROM_SERVICE && h.type == SRV_RECORD) {
		/* the record's own size must be the rest of the message */
		if (n < h.len)
			return 0;
		if (record_check(p + sizeof(h), h.len - sizeof(h)) !=
		    h.len - sizeof(h))
			return -1;
		return h.len;
	}
	want = fixed_len(h.type, side);
	if (!want || h.len != want)
		return -1;
	if (n < want)
		return 0;
	if (h.type == SRV_ERR && !memchr(p + offsetof(struct srv_err, text), 0,
					 sizeof(((struct srv_err *)0)->text)))
		return -1;
	if (h.type == SRV_STATUS_REPLY &&
	    !memchr(p + offsetof(struct srv_status, kernel), 0,
		    sizeof(((struct srv_status *)0)->kernel)))
		return -1;
	if (h.type == SRV_END) {
		struct srv_end e;

		memcpy(&e, p, sizeof(e));
		if (!e.reason || e.reason >= SRV_END_REASON_MAX)
			return -1;
	}
	return (int)want;
}

void srv_hdr_init(struct srv_hdr *h, enum srv_type type, size_t len)
{
	h->magic = SRV_MAGIC;
	h->type = (uint16_t)type;
	h->len = (uint16_t)len;
}
