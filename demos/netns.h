/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_NETNS_H
#define COPYSCOPE_DEMOS_NETNS_H

/*
 * A private two-namespace network for sendfile_nogather, built with netlink
 * and ioctl in-process (no `ip`, nothing named):
 *
 *   demo process, in its own network namespace A     receiver, in namespace B
 *   cs-nogN-s 10.199.0.1/24  <===== veth pair =====>  cs-nogN-r 10.199.0.2/24
 *
 * Both namespaces are anonymous: A lives as long as the demo process, B as
 * long as the receiver, which dies with the demo (PR_SET_PDEATHSIG).  When a
 * namespace goes, its end of the veth pair goes, and the other end with it.
 * So nothing is left behind, even after SIGKILL.  The sender stays the demo
 * process itself, so a tracer watching its pid sees its sendfile().
 */

#include <stdbool.h>
#include <stddef.h>

#include "demos/receiver.h"

/*
 * Move the calling process into a new, empty network namespace (A).  As a
 * user other than root, a user namespace is created first (where the kernel
 * allows that).  Returns 0, or -1 with a message in err.
 */
int netns_enter_private(char *err, size_t errlen);

struct veth_opts {
	bool sg; /* scatter-gather on the sending end */
	int mtu; /* 0: the veth default (1500) */
	int receiver_cpu; /* -1: not pinned */
	int index; /* makes the interface names unique: cs-nog<index>-s/-r */
	bool compare; /* the receiver compares every byte (else counts) */
};

/* What the sending end ended up with (read back from the device). */
struct veth_state {
	bool sg; /* scatter-gather */
	bool tso; /* TCP segmentation offload: needs sg */
	bool gso; /* generic segmentation offload: needs sg */
};

/*
 * Fork a receiver into a new namespace B, create the veth pair between A and
 * B, set addresses, MTU and scatter-gather, and connect to the receiver over
 * the veth.  Returns the connected socket, or -1 with a message in err.
 * *now is the sending end's offload state, read back from the device.
 */
int veth_receiver_start(struct receiver *r, const struct veth_opts *o,
			struct veth_state *now, char *err, size_t errlen);

#endif /* COPYSCOPE_DEMOS_NETNS_H */
