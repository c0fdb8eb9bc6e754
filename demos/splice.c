// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * splice: file -> pipe -> socket, by page reference.
 *
 *   splice(file -> pipe)     the pipe's slots now point at page-cache pages
 *                            (nothing is copied: a pipe is a ring of page
 *                            references, not a byte buffer)
 *   splice(pipe -> socket)   the socket takes the same pages by reference
 *                            (gather, as with sendfile)
 *
 * Zero CPU copies on the sending side, like sendfile, but built from a
 * general tool: the pipe in the middle can sit between any two file
 * descriptors, and sendfile itself is implemented this way inside the kernel.
 * The cost is two system calls per chunk instead of one for the whole file.
 */

#include <fcntl.h>
#include <unistd.h>

#include "demos/harness.h"

static int pipefd[2] = { -1, -1 };

static int prepare(struct xfer *x)
{
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return xfer_fail(x, "pipe");
	/* A pipe holds 16 pages by default; make room for a whole chunk. */
	if (x->chunk > 65536)
		fcntl(pipefd[1], F_SETPIPE_SZ, (int)min_u64(x->chunk, 1 << 30));
	return 0;
}

static int transfer(struct xfer *x)
{
	loff_t off = 0;

	while ((uint64_t)off < x->size) {
		uint64_t want = chunk_at(x, (uint64_t)off);
		unsigned int more =
			(uint64_t)off + want < x->size ? SPLICE_F_MORE : 0;
		ssize_t in, out;

		step("splice(file -> pipe, %s)", size_str(want));
		in = splice(x->file_fd, &off, pipefd[1], NULL, want,
			    SPLICE_F_MOVE | more);
		if (in < 0)
			return xfer_fail(x, "splice(file -> pipe)");
		if (in == 0)
			return xfer_failf(x, "splice: end of file at %lld",
					  (long long)off);
		/* Drain the pipe completely before filling it again. */
		while (in > 0) {
			step("splice(pipe -> socket, %s)",
			     size_str((uint64_t)in));
			out = splice(pipefd[0], NULL, x->sock, NULL, (size_t)in,
				     SPLICE_F_MOVE | more);
			if (out <= 0)
				return xfer_fail(x, "splice(pipe -> socket)");
			in -= out;
		}
	}
	return 0;
}

static void finish(struct xfer *x)
{
	(void)x;
	close(pipefd[0]);
	close(pipefd[1]);
}

static const struct demo demo = {
	.name = "splice",
	.summary = "splice() the file into a pipe and the pipe into a TCP "
		   "socket on loopback (page references, no CPU copy).",
	.sink = SINK_SOCKET,
	.prepare = prepare,
	.transfer = transfer,
	.finish = finish,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
