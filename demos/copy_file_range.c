// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * copy_file_range: file -> file inside the kernel.
 *
 *   copy_file_range(in, out)  one system call; no byte visits user space.
 *                             What the kernel then does depends on the file
 *                             system: a copy-on-write file system (btrfs,
 *                             XFS with reflink) or NFS can share the blocks
 *                             or copy on the server, zero copies; ext4 and
 *                             tmpfs fall back to splicing page to page, one
 *                             CPU copy from the source's page cache into the
 *                             destination's.
 *
 * The output is an unnamed file (O_TMPFILE) in the source file's directory,
 * checked byte for byte afterwards.  Like sendfile, the call takes a count,
 * so by default the whole file goes in one call.
 */

#include <unistd.h>

#include "demos/harness.h"

static int transfer(struct xfer *x)
{
	loff_t in_off = 0, out_off = 0;

	while ((uint64_t)in_off < x->size) {
		uint64_t want = chunk_at(x, (uint64_t)in_off);
		ssize_t n;

		step("copy_file_range(file -> file, %s)", size_str(want));
		n = copy_file_range(x->file_fd, &in_off, x->out_fd, &out_off,
				    want, 0);
		if (n < 0)
			return xfer_fail(x, "copy_file_range");
		if (n == 0)
			return xfer_failf(x,
					  "copy_file_range: end of file at "
					  "%lld",
					  (long long)in_off);
	}
	return 0;
}

static const struct demo demo = {
	.name = "copy_file_range",
	.summary = "copy_file_range() the file into another file (in the "
		   "kernel; checked afterwards).",
	.sink = SINK_FILE,
	.default_chunk = CHUNK_WHOLE_FILE,
	.transfer = transfer,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
