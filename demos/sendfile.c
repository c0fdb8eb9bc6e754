// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sendfile: one system call moves the file to the socket.
 *
 *   sendfile(socket, file)   the kernel hands page-cache pages to the socket
 *                            by reference: the socket buffers point at the
 *                            page cache instead of holding copies ("gather",
 *                            scatter-gather I/O, NETIF_F_SG on the device)
 *
 * No CPU copy on the sending side and no trip through user space: the data
 * never leaves the kernel.  On loopback the receiver still copies from those
 * pages into its own buffer.  Without scatter-gather on the device the kernel
 * must copy after all: see sendfile_nogather.
 *
 * The call takes a count, so by default it moves the whole file in one call
 * (--chunk makes it loop like the others).
 */

#include <sys/sendfile.h>

#include "demos/harness.h"

static int transfer(struct xfer *x)
{
	off_t off = 0;

	while ((uint64_t)off < x->size) {
		uint64_t want = chunk_at(x, (uint64_t)off);
		ssize_t n;

		step("sendfile(socket <- file, %s)", size_str(want));
		/* sendfile advances off by what it sent. */
		n = sendfile(x->sock, x->file_fd, &off, want);
		if (n < 0)
			return xfer_fail(x, "sendfile");
		if (n == 0)
			return xfer_failf(x, "sendfile: end of file at %lld",
					  (long long)off);
	}
	return 0;
}

static const struct demo demo = {
	.name = "sendfile",
	.summary = "sendfile() the file to a TCP socket on loopback (the "
		   "kernel gathers page-cache pages: no CPU copy).",
	.sink = SINK_SOCKET,
	.default_chunk = CHUNK_WHOLE_FILE,
	.transfer = transfer,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
