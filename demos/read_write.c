// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * read_write: the way most programs send a file.
 *
 *   read(file, buf)      if the pages are not cached, the disk DMAs them into
 *                        the page cache first; then the CPU copies them from
 *                        the page cache into buf (copy 1)
 *   write(socket, buf)   the CPU copies buf into socket buffers (copy 2);
 *                        a network card would then DMA them out (loopback
 *                        has no card: the packets go straight to the receiver)
 *
 * Two system calls and two CPU copies per chunk, and each system call is a
 * switch into the kernel and back.  Every other demo removes some of this.
 */

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "demos/harness.h"

static int transfer(struct xfer *x)
{
	char *buf = malloc(x->chunk);
	uint64_t off = 0;
	int ret = -1;

	if (!buf)
		return xfer_fail(x, "malloc");
	while (off < x->size) {
		uint64_t want = chunk_at(x, off);
		ssize_t got, put;

		step("read(file, %s)", size_str(want));
		got = read(x->file_fd, buf, want);
		if (got < 0) {
			xfer_fail(x, "read(file)");
			goto out;
		}
		if (got == 0) {
			xfer_failf(x,
				   "read(file): end of file at %llu: "
				   "did someone truncate it?",
				   (unsigned long long)off);
			goto out;
		}
		/* A blocking socket takes it all, unless a signal interrupts.
		 */
		for (ssize_t done = 0; done < got; done += put) {
			step("write(socket, %s)",
			     size_str((uint64_t)(got - done)));
			put = write(x->sock, buf + done, (size_t)(got - done));
			if (put < 0) {
				xfer_fail(x, "write(socket)");
				goto out;
			}
		}
		off += (uint64_t)got;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

static const struct demo demo = {
	.name = "read_write",
	.summary = "read() the file into a buffer, write() the buffer to a "
		   "TCP socket on loopback.",
	.sink = SINK_SOCKET,
	.transfer = transfer,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
