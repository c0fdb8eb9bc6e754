// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report_data.c - the article's table and the reasons a measured row can
 * differ from it, as data.  report_why() walks the reasons in order and
 * keeps those whose test holds.
 */
#include <math.h>
#include <stddef.h>

#include "views/report.h"
#include "views/report_int.h"

/*
 * The seed article's comparison table.  Its "context switches" column
 * counts user/kernel mode switches (two per system call); its two DMA
 * copies are disk -> kernel buffer and socket buffer -> network card.
 */
static const struct report_textbook book[] = {
	{ CS_ST_READ_WRITE, "read + write", 2, 1, 1, 2, 4, "read / write" },
	{ CS_ST_MMAP_WRITE, "mmap + write", 1, 1, 1, 2, 4, "mmap / write" },
	{ CS_ST_SENDFILE, "sendfile", 1, 1, 1, 1, 2, "sendfile" },
	{ CS_ST_SENDFILE_GATHER, "sendfile + DMA gather", 0, 1, 1, 1, 2,
	  "sendfile" },
	{ CS_ST_SPLICE, "splice", 0, 1, 1, 1, 2, "splice" },
	/* not in the article: its read + write row, run the other way */
	{ CS_ST_RECV_WRITE, "read + write", 2, 1, 1, 2, 4, "read / write" },
};

const struct report_textbook *report_textbook(enum cs_strategy s)
{
	size_t i;

	for (i = 0; i < sizeof(book) / sizeof(book[0]); i++)
		if (book[i].strategy == s)
			return &book[i];
	return NULL;
}

#define ANY CS_ST_MAX

/* In the order a student should read them. */
const struct why_rule why_rules[] = {
	{ ANY, W_UNSEEN_URING,
	  "the io_uring requests ran in io-wq worker threads the tracer did not follow: their "
	  "copies are missing, the numbers above are incomplete" },
	{ ANY, W_UNSEEN,
	  "no data delivered by the sender was seen: nothing to compare" },
	{ ANY, W_NO_BOOK,
	  "not in the article's table (it predates this mechanism or leaves it out)" },
	{ CS_ST_SENDFILE_GATHER, W_ALWAYS,
	  "this kernel's sendfile hands page-cache pages to the socket by reference and the route "
	  "gathers: it matches the article's \"sendfile + DMA gather\" row, no special NIC needed" },
	{ CS_ST_SENDFILE, W_SOCKET_COPY,
	  "the device cannot gather (scatter-gather off): the socket takes the pages by reference, "
	  "but they are copied into whole packets on the way out: the article's plain sendfile "
	  "row" },
	{ ANY, W_NO_DISK,
	  "no disk DMA: the file's file system has no disk under it (tmpfs keeps files in memory), "
	  "so the CPU copied from memory (O_DIRECT too), and --cold cannot evict it" },
	{ CS_ST_ODIRECT, W_DISK_DMA,
	  "O_DIRECT: the disk DMAs straight into the buffer; the page cache is skipped" },
	{ CS_ST_RECV_WRITE, W_ALWAYS,
	  "the article's read + write row run the other way: network card -> socket buffer -> "
	  "your buffer -> page cache; the disk gets the data at writeback, after the write" },
	{ CS_ST_MSG_ZEROCOPY, W_DEFERRED,
	  "the socket pinned the pages, but a local receiver cannot keep them: the kernel copied "
	  "them at delivery after all (deferred copy; a physical NIC would not)" },
	{ CS_ST_URING_SEND_ZC, W_DEFERRED,
	  "the socket pinned the pages, but a local receiver cannot keep them: the kernel copied "
	  "them at delivery after all (deferred copy; a physical NIC would not)" },
	{ ANY, W_NIC_VIRTUAL,
	  "no network-card DMA: loopback and veth pass skbs in memory (a physical NIC would make "
	  "the article's second DMA)" },
	{ ANY, W_WARM,
	  "warm cache: the file was already in the page cache, no disk DMA" },
	{ ANY, W_COLD_SHARED,
	  "cold, but another process read the file into the page cache while this run sent it "
	  "(another run of the same demo on the same file?): the sender filled fewer pages than "
	  "the file has, and the disk DMA of the others is not in this row" },
	{ ANY, W_COLD_PARTLY,
	  "part of the file was already cached: less disk DMA than the file" },
	{ ANY, W_COLD_UNSEEN,
	  "some disk reads were not seen: the sender brought every page of the file into the "
	  "page cache itself, but part of the disk's DMA came in requests copyscope could not tie "
	  "back to it (fills_without_disk_read_bytes); that part is counted, not drawn" },
	{ CS_ST_SPLICE, W_CALLS_MORE,
	  "splice needs a pipe: two calls per chunk (file -> pipe, pipe -> socket) where the "
	  "article counts one" },
	{ CS_ST_MMAP_WRITE, W_CALLS_FEWER,
	  "mmap is called once for the whole file; each chunk then costs one write" },
	{ CS_ST_SENDFILE, W_CALLS_FEWER,
	  "one sendfile call moved the whole file" },
	{ CS_ST_SENDFILE_GATHER, W_CALLS_FEWER,
	  "one sendfile call moved the whole file" },
	{ CS_ST_URING_RW, W_CALLS_FEWER,
	  "io_uring submits several requests per system call" },
	{ CS_ST_URING_SPLICE, W_CALLS_FEWER,
	  "io_uring submits several requests per system call" },
	{ CS_ST_URING_SEND_ZC, W_CALLS_FEWER,
	  "io_uring submits several requests per system call" },
	{ ANY, W_CPU_MORE,
	  "more CPU copies than the article counts: see the transfers" },
	{ ANY, W_CPU_FEWER,
	  "fewer CPU copies than the article counts: see the transfers" },
	{ ANY, W_MISMATCH,
	  "copy events disagreed with system call results: see the cross-check notes" },
	{ ANY, W_DROPS,
	  "records were lost: calls and switches come from the kernel's counters" },
	{ ANY, W_COUNTERS,
	  "the records and the kernel's exact counters disagree with no record lost: a bug, "
	  "please report it" },
	{ ANY, W_MATCH, "matches the article's row" },
};

const size_t why_rules_n = sizeof(why_rules) / sizeof(why_rules[0]);
