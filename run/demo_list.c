// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* demo_list.c - the bundled demos, in the order the tour shows them. */
#include <string.h>

#include "run/demo_run.h"

const struct demo_info demo_list[] = {
	{ "read_write", "read_write", NULL, "read() + write()",
	  "the classic loop: every chunk crosses into your buffer and back out", true },
	{ "mmap_write", "mmap_write", NULL, "mmap() + write()",
	  "map the file, write the mapping: one CPU copy fewer", true },
	{ "sendfile", "sendfile", NULL, "sendfile()",
	  "one call; the kernel hands page-cache pages to the socket (gather)", true },
	{ "sendfile_nogather", "sendfile_nogather", NULL, "sendfile() without gather",
	  "same call over a veth with scatter-gather off: the kernel must copy", true },
	{ "splice", "splice", NULL, "splice() via a pipe",
	  "file -> pipe -> socket by page references", true },
	{ "vmsplice", "vmsplice", NULL, "vmsplice() + splice()",
	  "your own memory into a pipe by reference, then to the socket", true },
	{ "tee", "tee", NULL, "tee() + splice()",
	  "one pipe feeds a socket and a file without copying the pages", false },
	{ "copy_file_range", "copy_file_range", NULL, "copy_file_range()",
	  "file to file inside the kernel", false },
	{ "odirect", "odirect", NULL, "O_DIRECT read + write",
	  "the disk DMAs straight into your buffer, skipping the page cache", true },
	{ "msg_zerocopy", "msg_zerocopy", NULL, "send() with MSG_ZEROCOPY",
	  "pinned user pages; on loopback the kernel copies after all", true },
	{ "io_uring", "io_uring", "--variant=read_send", "io_uring READ + SEND",
	  "the read+write story, submitted through a ring", true },
	{ "io_uring_splice", "io_uring", "--variant=splice", "io_uring SPLICE",
	  "splice requests, run by io-wq workers", true },
	{ "io_uring_send_zc", "io_uring", "--variant=send_zc", "io_uring SEND_ZC",
	  "zero-copy sends through the ring", true },
	{ "mmap_sigbus", "mmap_sigbus", NULL, "mmap pitfall: SIGBUS and leases",
	  "another process truncates the mapped file; a lease warns in time", false },
	{ "sendfile_truncate", "mmap_sigbus", "--variant=sendfile", "sendfile while the file is cut",
	  "another process truncates the file: a short count, then 0; a lease", false },
	{ "cow", "cow", NULL, "fork() copy-on-write",
	  "parent and child share pages until one writes: then a page copy", false },
};

const size_t demo_count = sizeof(demo_list) / sizeof(demo_list[0]);

const struct demo_info *demo_lookup(const char *name)
{
	for (size_t i = 0; i < demo_count; i++)
		if (!strcmp(demo_list[i].name, name))
			return &demo_list[i];
	return NULL;
}
