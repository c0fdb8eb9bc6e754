// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tee: one pipe feeds a socket and a file.
 *
 *   splice(file -> pipe)      pipe slots point at page-cache pages
 *   tee(pipe -> pipe2)        pipe2 gets references to the same pages;
 *                             nothing is copied and pipe keeps its data
 *   splice(pipe -> socket)    the socket takes the pages by reference
 *   splice(pipe2 -> file)     writing into a file must copy: the output
 *                             file has page-cache pages of its own, and the
 *                             kernel copies each page into them (1 CPU copy)
 *
 * Like the shell's tee(1), without a single byte passing through user
 * space.  The output file is unnamed (O_TMPFILE) next to the source file and
 * is checked byte for byte after the transfer.
 */

#include <fcntl.h>
#include <unistd.h>

#include "demos/harness.h"

static int pipe1[2] = { -1, -1 }, pipe2_[2] = { -1, -1 };

static int prepare(struct xfer *x)
{
	if (pipe2(pipe1, O_CLOEXEC) < 0 || pipe2(pipe2_, O_CLOEXEC) < 0)
		return xfer_fail(x, "pipe");
	/* tee can duplicate only what the second pipe has room for. */
	if (x->chunk > 65536) {
		int sz = (int)min_u64(x->chunk, 1 << 30);

		fcntl(pipe1[1], F_SETPIPE_SZ, sz);
		fcntl(pipe2_[1], F_SETPIPE_SZ, sz);
	}
	return 0;
}

/* Move n bytes out of a pipe into fd (a socket, or the file at *off). */
static int drain(struct xfer *x, int from, int to, loff_t *off, ssize_t n,
		 const char *what, unsigned int more)
{
	while (n > 0) {
		ssize_t out;

		step("splice(%s, %s)", what, size_str((uint64_t)n));
		out = splice(from, NULL, to, off, (size_t)n,
			     SPLICE_F_MOVE | more);
		if (out <= 0)
			return xfer_fail(x, what);
		n -= out;
	}
	return 0;
}

static int transfer(struct xfer *x)
{
	loff_t off = 0, out_off = 0;

	while ((uint64_t)off < x->size) {
		uint64_t want = chunk_at(x, (uint64_t)off);
		unsigned int more =
			(uint64_t)off + want < x->size ? SPLICE_F_MORE : 0;
		ssize_t in, dup;

		step("splice(file -> pipe, %s)", size_str(want));
		in = splice(x->file_fd, &off, pipe1[1], NULL, want,
			    SPLICE_F_MOVE | more);
		if (in <= 0)
			return in < 0 ? xfer_fail(x, "splice(file -> pipe)") :
					xfer_failf(x, "splice: end of file");

		step("tee(pipe -> pipe2, %s)", size_str((uint64_t)in));
		dup = tee(pipe1[0], pipe2_[1], (size_t)in, 0);
		if (dup < 0)
			return xfer_fail(x, "tee(pipe -> pipe2)");
		/* pipe2 was empty and as large as pipe: it takes it all. */
		if (dup != in)
			return xfer_failf(x, "tee duplicated %zd of %zd bytes",
					  dup, in);

		if (drain(x, pipe1[0], x->sock, NULL, in, "pipe -> socket",
			  more) < 0 ||
		    drain(x, pipe2_[0], x->out_fd, &out_off, dup,
			  "pipe2 -> file", 0) < 0)
			return -1;
	}
	return 0;
}

static void finish(struct xfer *x)
{
	(void)x;
	close(pipe1[0]);
	close(pipe1[1]);
	close(pipe2_[0]);
	close(pipe2_[1]);
}

static const struct demo demo = {
	.name = "tee",
	.summary = "splice() the file into a pipe, tee() it into a second "
		   "pipe, splice() one pipe\ninto a TCP socket and the other "
		   "into a file (both checked).",
	.sink = SINK_SOCKET | SINK_FILE,
	.prepare = prepare,
	.transfer = transfer,
	.finish = finish,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
