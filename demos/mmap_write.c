// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mmap_write: map the file, write() the mapping to the socket.
 *
 *   mmap(file)           no data moves: the file's page-cache pages become
 *                        part of this process's address space (a MAP)
 *   write(socket, map)   the CPU copies from the page cache, through the
 *                        mapping, into socket buffers: the only CPU copy
 *
 * One CPU copy instead of two.  The price: pages that are not mapped yet
 * fault in the middle of write() (the kernel takes the page faults while it
 * copies), a cold page cache is filled by those faults, and if another
 * process truncates the file the mapping points at nothing (see mmap_sigbus).
 */

#include <sys/mman.h>
#include <unistd.h>

#include "demos/harness.h"

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
		ssize_t put;

		step("write(socket, %s)", size_str(want));
		put = write(x->sock, map + off, want);
		if (put < 0) {
			xfer_fail(x, "write(socket)");
			goto out;
		}
		off += (uint64_t)put;
	}
	ret = 0;
out:
	munmap(map, x->size);
	return ret;
}

static const struct demo demo = {
	.name = "mmap_write",
	.summary = "mmap() the file, write() the mapping to a TCP socket on "
		   "loopback.",
	.sink = SINK_SOCKET,
	.transfer = transfer,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
