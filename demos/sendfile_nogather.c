// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sendfile_nogather: sendfile() again, but through a network device that
 * cannot gather, so the kernel has to copy after all.
 *
 * "Gather" (scatter-gather, NETIF_F_SG) lets a device send a packet whose
 * bytes sit in several pages it does not own: the socket buffer can then
 * point at page-cache pages, which is what makes sendfile zero-copy.  Turn it
 * off (ethtool -K DEV sg off) and the kernel copies every page into a
 * freshly allocated, contiguous socket buffer before it can send it: one
 * CPU copy, just as with write() from a mapping.  Only the system call is
 * still saved.
 *
 * Loopback always gathers, so this demo builds a private network: the demo
 * process moves into a new network namespace, the receiver into another,
 * and a veth pair joins them, with scatter-gather switched off on the
 * sending end.  Everything is anonymous and disappears with the processes
 * (see demos/netns.h).  Needs root (or unprivileged user namespaces).
 *
 *   --sg on    leave scatter-gather on: the same path, gathering (compare)
 *   --mtu N    MTU of the veth pair (default 1500, like an Ethernet card)
 *
 * Switching gather off also switches off segmentation offload (TSO, GSO:
 * both need it), so TCP has to cut the stream into MTU-sized packets itself.
 * That, more than the copy, is why this is so much slower at MTU 1500; with
 * --mtu 65535 the difference left is mostly the copy.
 */

#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "demos/harness.h"
#include "demos/netns.h"

enum { OPT_SG = 256, OPT_MTU };

static const struct option options[] = {
	{ "sg", required_argument, NULL, OPT_SG },
	{ "mtu", required_argument, NULL, OPT_MTU },
	{ NULL, 0, NULL, 0 },
};

static bool sg_on, gso_now;
static int mtu;

static int option(int val, const char *arg)
{
	char *end;
	long v;

	switch (val) {
	case OPT_SG:
		if (strcmp(arg, "on") && strcmp(arg, "off"))
			return -1;
		sg_on = !strcmp(arg, "on");
		return 0;
	case OPT_MTU:
		v = strtol(arg, &end, 10);
		if (*end || v < 576 || v > 65535)
			return -1;
		mtu = (int)v;
		return 0;
	}
	return -1;
}

static int setup(struct xfer *x)
{
	return netns_enter_private(x->err, sizeof(x->err));
}

static int connect_veth(struct xfer *x, struct receiver *r)
{
	struct veth_opts o = {
		.sg = sg_on,
		.mtu = mtu,
		.receiver_cpu = x->opt->pin_receiver,
		.index = x->rep,
		.compare = !x->opt->discard,
	};
	struct veth_state now;
	int fd = veth_receiver_start(r, &o, &now, x->err, sizeof(x->err));

	if (fd < 0)
		return -1;
	if (now.sg != sg_on) {
		close(fd);
		receiver_kill(r);
		return xfer_failf(x,
				  "the veth refused to switch "
				  "scatter-gather %s",
				  sg_on ? "on" : "off");
	}
	xfer_extra_bool(x, "scatter_gather", now.sg);
	xfer_extra_bool(x, "tso", now.tso);
	xfer_extra_bool(x, "gso", now.gso);
	xfer_extra_u64(x, "mtu", mtu ? (uint64_t)mtu : 1500);
	gso_now = now.gso;
	return fd;
}

static int transfer(struct xfer *x)
{
	off_t off = 0;

	while ((uint64_t)off < x->size) {
		uint64_t want = chunk_at(x, (uint64_t)off);
		ssize_t n;

		step("sendfile(socket <- file, %s)", size_str(want));
		n = sendfile(x->sock, x->file_fd, &off, want);
		if (n < 0)
			return xfer_fail(x, "sendfile");
		if (n == 0)
			return xfer_failf(x, "sendfile: end of file at %lld",
					  (long long)off);
	}
	if (!sg_on)
		xfer_note(x,
			  "scatter-gather was off on the sending veth: the "
			  "kernel copied every page into the socket buffers "
			  "(1 CPU copy) instead of handing them over%s",
			  gso_now ? "" :
				    "; segmentation offload (TSO/GSO) needs "
				    "gather too and went off with it, so TCP "
				    "also cut the data into MTU-sized packets "
				    "itself");
	return 0;
}

static const struct demo demo = {
	.name = "sendfile_nogather",
	.summary = "sendfile() over a veth pair in private network namespaces "
		   "with scatter-gather off:\nthe kernel must copy the pages "
		   "it cannot gather.",
	.sink = SINK_SOCKET,
	.default_chunk = CHUNK_WHOLE_FILE,
	.options = options,
	.options_help =
		"  --sg on|off      scatter-gather on the sending veth "
		"(default off)\n"
		"  --mtu N          MTU of the veth pair (default 1500)\n",
	.option = option,
	.setup = setup,
	.connect = connect_veth,
	.transfer = transfer,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
