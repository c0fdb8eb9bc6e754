// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * odirect: O_DIRECT reads, written to the socket.
 *
 *   read(file O_DIRECT, buf)   the disk controller DMAs the blocks straight
 *                              into buf: no page cache, no CPU copy on the
 *                              way in (whether the cache is cold or warm:
 *                              O_DIRECT does not look there for data)
 *   write(socket, buf)         the CPU copies buf into socket buffers
 *
 * One CPU copy, and the disk is read every time.  Databases use this to
 * manage their own cache.  The price is alignment: the buffer, the file
 * offset and the length must be multiples of the device's block size (4096
 * is safe), which is why --chunk must be a multiple of 4096 here.  At the
 * end of the file the kernel returns fewer bytes than asked for.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "demos/harness.h"

#define ALIGN 4096

static int direct_fd = -1;

static int setup(struct xfer *x)
{
	if (x->chunk % ALIGN)
		return xfer_failf(x,
				  "--chunk must be a multiple of %d for "
				  "O_DIRECT",
				  ALIGN);
	return 0;
}

static int prepare(struct xfer *x)
{
	direct_fd = open(x->path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (direct_fd < 0 && errno == EINVAL)
		return xfer_failf(x,
				  "the file system of %s does not support "
				  "O_DIRECT",
				  x->path);
	if (direct_fd < 0)
		return xfer_fail(x, "open(O_DIRECT)");
	return 0;
}

static int transfer(struct xfer *x)
{
	uint64_t off = 0;
	void *buf = NULL;
	int ret = -1;

	/* DMA needs an aligned buffer. */
	if (posix_memalign(&buf, ALIGN, x->chunk))
		return xfer_failf(x, "posix_memalign failed");
	while (off < x->size) {
		/* The last read asks for whole blocks and gets what is left. */
		uint64_t want = round_up(chunk_at(x, off), ALIGN);
		ssize_t got, put;

		step("read(file O_DIRECT, %s)", size_str(want));
		got = pread(direct_fd, buf, want, (off_t)off);
		if (got < 0) {
			xfer_fail(x, "read(file O_DIRECT)");
			goto out;
		}
		if (got == 0) {
			xfer_failf(x, "read: end of file at %llu",
				   (unsigned long long)off);
			goto out;
		}
		for (ssize_t done = 0; done < got; done += put) {
			step("write(socket, %s)",
			     size_str((uint64_t)(got - done)));
			put = write(x->sock, (char *)buf + done,
				    (size_t)(got - done));
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

static void finish(struct xfer *x)
{
	(void)x;
	close(direct_fd);
	direct_fd = -1;
}

static const struct demo demo = {
	.name = "odirect",
	.summary = "read() the file with O_DIRECT (the disk DMAs into the "
		   "buffer, bypassing the page cache),\nwrite() the buffer to "
		   "a TCP socket on loopback.",
	.sink = SINK_SOCKET,
	.setup = setup,
	.prepare = prepare,
	.transfer = transfer,
	.finish = finish,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
