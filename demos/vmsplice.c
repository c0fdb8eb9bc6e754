// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vmsplice: user memory -> pipe -> socket.
 *
 *   mmap(file)               the user memory: here a mapping of the file
 *   vmsplice(memory -> pipe) the pipe's slots point at the pages behind the
 *                            user addresses (the kernel pins them; the pages
 *                            are faulted in if needed, but not copied)
 *   splice(pipe -> socket)   the socket takes the pages by reference
 *
 * This is how a program hands its own memory to the kernel without a copy.
 * The catch: the pipe holds references, not a snapshot.  Had the program
 * written to that memory before the socket was done with it, the receiver
 * would get the new bytes.  (SPLICE_F_GIFT was meant to give the pages away
 * for good; the kernel ignores it nowadays.)  A read-only file mapping, as
 * here, cannot change under us.
 */

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "demos/harness.h"

static int pipefd[2] = { -1, -1 };

static int prepare(struct xfer *x)
{
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return xfer_fail(x, "pipe");
	if (x->chunk > 65536)
		fcntl(pipefd[1], F_SETPIPE_SZ, (int)min_u64(x->chunk, 1 << 30));
	return 0;
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
		struct iovec iov = { map + off, chunk_at(x, off) };
		unsigned int more =
			off + iov.iov_len < x->size ? SPLICE_F_MORE : 0;
		ssize_t in, out;

		step("vmsplice(memory -> pipe, %s)", size_str(iov.iov_len));
		/* May take less than asked: as much as the pipe can hold. */
		in = vmsplice(pipefd[1], &iov, 1, 0);
		if (in <= 0) {
			xfer_fail(x, "vmsplice(memory -> pipe)");
			goto out;
		}
		off += (uint64_t)in;
		while (in > 0) {
			step("splice(pipe -> socket, %s)",
			     size_str((uint64_t)in));
			out = splice(pipefd[0], NULL, x->sock, NULL, (size_t)in,
				     SPLICE_F_MOVE | more);
			if (out <= 0) {
				xfer_fail(x, "splice(pipe -> socket)");
				goto out;
			}
			in -= out;
		}
	}
	ret = 0;
out:
	munmap(map, x->size);
	return ret;
}

static void finish(struct xfer *x)
{
	(void)x;
	close(pipefd[0]);
	close(pipefd[1]);
}

static const struct demo demo = {
	.name = "vmsplice",
	.summary = "vmsplice() user memory (a mapping of the file) into a "
		   "pipe, splice() the pipe into a TCP socket.",
	.sink = SINK_SOCKET,
	.prepare = prepare,
	.transfer = transfer,
	.finish = finish,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
