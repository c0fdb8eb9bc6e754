// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * msg_zerocopy: send() with MSG_ZEROCOPY, and whether the kernel copied
 * after all.
 *
 *   setsockopt(SO_ZEROCOPY)        allow zero-copy sends on this socket
 *   mmap(file)                     the memory to send: the file's pages
 *   send(socket, MSG_ZEROCOPY)     the kernel pins the pages behind the user
 *                                  buffer and puts them in the socket
 *                                  buffers by reference; send() returns
 *                                  before the data is gone, so the memory
 *                                  must not change until the kernel says so
 *   recvmsg(MSG_ERRQUEUE)          ...which it does with completion
 *                                  notifications on the socket's error
 *                                  queue: "sends lo..hi are done", with
 *                                  SO_EE_CODE_ZEROCOPY_COPIED set if the
 *                                  kernel had to copy the data after all
 *
 * On loopback (and veth) it always has to: a packet delivered to a local
 * socket could sit in that socket's queue indefinitely, holding the sender's
 * pinned pages, so the kernel copies them (skb_copy_ubufs) when the packet
 * reaches the receiving socket.  Zero copy pays off only with a real network
 * card, and only for large sends: pinning and notifications have a cost too.
 */

#include <errno.h>
#include <time.h> /* before linux/errqueue.h, which needs timespec */
#include <linux/errqueue.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "demos/harness.h"

static uint32_t sends; /* zero-copy sends made; ids 0 .. sends-1 */
static uint32_t done, copied; /* sends reported complete, and copied */
static uint32_t notifications, copied_notifications;

static int prepare(struct xfer *x)
{
	int one = 1;

	sends = done = copied = notifications = copied_notifications = 0;
	if (setsockopt(x->sock, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one)))
		return xfer_fail(x, "setsockopt(SO_ZEROCOPY)");
	return 0;
}

/*
 * Read completion notifications from the error queue.  wait: block (poll)
 * until at least one arrives.  Returns 0, or -1 on error.
 */
static int reap(struct xfer *x, int wait)
{
	for (;;) {
		char control[128];
		struct msghdr msg = { .msg_control = control,
				      .msg_controllen = sizeof(control) };
		struct sock_extended_err *ee;
		struct cmsghdr *cm;

		if (wait) {
			/* Error-queue data is signalled as POLLERR. */
			struct pollfd p = { .fd = x->sock, .events = 0 };

			if (poll(&p, 1, 5000) <= 0)
				return xfer_failf(x, "no zero-copy completion "
						     "within 5 s");
			wait = 0;
		}
		step("recvmsg(socket, MSG_ERRQUEUE)");
		if (recvmsg(x->sock, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
			if (errno == EAGAIN)
				return 0;
			return xfer_fail(x, "recvmsg(MSG_ERRQUEUE)");
		}
		cm = CMSG_FIRSTHDR(&msg);
		if (!cm)
			return xfer_failf(x, "error queue: no control message");
		ee = (struct sock_extended_err *)CMSG_DATA(cm);
		if (ee->ee_errno != 0 || ee->ee_origin != SO_EE_ORIGIN_ZEROCOPY)
			return xfer_failf(x,
					  "error queue: not a zero-copy "
					  "notification (errno %u)",
					  ee->ee_errno);
		/* One notification covers the sends ee_info .. ee_data. */
		notifications++;
		done += ee->ee_data - ee->ee_info + 1;
		if (ee->ee_code & SO_EE_CODE_ZEROCOPY_COPIED) {
			copied += ee->ee_data - ee->ee_info + 1;
			copied_notifications++;
		}
	}
}

static int transfer(struct xfer *x)
{
	uint64_t off = 0;
	char *map;
	int ret = -1;

	step("mmap(file, %s)", size_str(x->size));
	map = mmap(NULL, x->size, PROT_READ, MAP_SHARED, x->file_fd, 0);
	if (map == MAP_FAILED)
		return xfer_fail(x, "mmap(file)");
	while (off < x->size) {
		uint64_t want = chunk_at(x, off);
		ssize_t n;

		step("send(socket, %s, MSG_ZEROCOPY)", size_str(want));
		n = send(x->sock, map + off, want, MSG_ZEROCOPY);
		if (n < 0 && errno == ENOBUFS) {
			/* Too many sends in flight: wait for completions. */
			if (reap(x, 1) < 0)
				goto out;
			continue;
		}
		if (n < 0) {
			xfer_fail(x, "send(MSG_ZEROCOPY)");
			goto out;
		}
		sends++;
		off += (uint64_t)n;
		if (reap(x, 0) < 0)
			goto out;
	}
	/* The mapping must stay until the kernel is done with every page. */
	while (done < sends)
		if (reap(x, 1) < 0)
			goto out;
	ret = 0;
out:
	munmap(map, x->size);
	xfer_extra_u64(x, "zerocopy_sends", sends);
	xfer_extra_u64(x, "zerocopy_notifications", notifications);
	xfer_extra_u64(x, "zerocopy_copied_sends", copied);
	xfer_extra_u64(x, "zerocopy_copied_notifications",
		       copied_notifications);
	if (ret == 0 && copied == sends)
		xfer_note(x,
			  "%u of %u zero-copy sends came back with "
			  "SO_EE_CODE_ZEROCOPY_COPIED (%u notifications): "
			  "the kernel copied the data after all, because "
			  "a local receiver (loopback) cannot be left holding "
			  "the sender's pinned pages",
			  copied, sends, notifications);
	else if (ret == 0)
		xfer_note(x,
			  "%u of %u zero-copy sends were copied by the "
			  "kernel after all (%u notifications)",
			  copied, sends, notifications);
	return ret;
}

static const struct demo demo = {
	.name = "msg_zerocopy",
	.summary = "send() a mapping of the file with MSG_ZEROCOPY, reap the "
		   "completions from the error queue,\nand report whether the "
		   "kernel had to copy after all (on loopback it does).",
	.sink = SINK_SOCKET,
	.prepare = prepare,
	.transfer = transfer,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
