// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * strategy.c - which I/O strategy a process uses, recognised from the bytes
 * its system calls moved and how (see enum st_stat).  The strategy that
 * delivered the most bytes wins: a web server that sendfile()s the body and
 * write()s the headers is a sendfile server.
 */
#include "model/model_int.h"

struct strategy_words {
	const char *name, *id, *desc;
	bool inward; /* the data ends in the process's memory */
};

static const struct strategy_words words[CS_ST_MAX] = {
	[CS_ST_UNKNOWN] = { "unknown", "unknown",
			    "no data-moving system call seen yet" },
	[CS_ST_READ_WRITE] = { "read + write", "read_write",
			       "read() copies file data into your buffer, write() copies it out again" },
	[CS_ST_MMAP_WRITE] = { "mmap + write", "mmap_write",
			       "the file is mapped into memory; write() copies from the mapping" },
	[CS_ST_SENDFILE] = { "sendfile", "sendfile",
			     "sendfile() moves file pages inside the kernel, which copies them once" },
	[CS_ST_SENDFILE_GATHER] = { "sendfile + gather", "sendfile_gather",
				    "sendfile() hands page-cache pages to the socket: no CPU copy" },
	[CS_ST_SPLICE] = { "splice", "splice",
			   "splice() moves page references file -> pipe -> socket: no CPU copy" },
	[CS_ST_VMSPLICE] = { "vmsplice + splice", "vmsplice",
			     "vmsplice() lends your pages to a pipe, splice() sends them on" },
	[CS_ST_TEE] = { "tee", "tee",
			"tee() duplicates pipe pages for a second reader without copying" },
	[CS_ST_COPY_FILE_RANGE] = { "copy_file_range", "copy_file_range",
				    "copy_file_range() asks the kernel to copy between two files" },
	[CS_ST_ODIRECT] = { "O_DIRECT", "odirect",
			    "O_DIRECT reads go from the disk straight into your buffer, no page cache" },
	[CS_ST_MSG_ZEROCOPY] = { "MSG_ZEROCOPY", "msg_zerocopy",
				 "send(MSG_ZEROCOPY) pins your pages instead of copying them" },
	[CS_ST_URING_RW] = { "io_uring read + send", "uring_rw",
			     "io_uring READ and SEND requests: the copies of read + write, fewer calls" },
	[CS_ST_URING_SPLICE] = { "io_uring splice", "uring_splice",
				 "io_uring SPLICE requests: splice without a system call per step" },
	[CS_ST_URING_SEND_ZC] = { "io_uring send_zc", "uring_send_zc",
				  "io_uring SEND_ZC: zero-copy send through the ring" },
	[CS_ST_RECEIVER] = { "receiver", "receiver",
			     "receives from a socket: the kernel copies every byte into its buffer" },
	[CS_ST_READ] = { "read", "read",
			 "read() copies file data from the page cache into your buffer",
			 true },
	[CS_ST_ODIRECT_READ] = { "O_DIRECT read", "odirect_read",
				 "O_DIRECT read: the disk puts the data straight into your buffer, no CPU copy",
				 true },
	[CS_ST_WRITE] = { "write", "write",
			  "write() or send() copies your buffer into the kernel: the page cache or a socket" },
	[CS_ST_ODIRECT_WRITE] = { "O_DIRECT write", "odirect_write",
				  "O_DIRECT write: the disk takes the data straight from your buffer, no CPU copy" },
	[CS_ST_RECV_WRITE] = { "receive + write", "recv_write",
			       "recv() copies from the socket into your buffer, write() copies it into the page cache" },
	[CS_ST_MMAP_READ] = { "mmap read", "mmap_read",
			      "the file is mapped into memory and read there: page-cache pages, no copy",
			      true },
	[CS_ST_SPLICE_RECV] = { "splice from a socket", "splice_recv",
				"splice() lends the socket's buffers to a pipe, then copies them into the file's page cache" },
};

const char *model_strategy_name(enum cs_strategy s)
{
	return (unsigned)s < CS_ST_MAX ? words[s].name : "?";
}

const char *model_strategy_id(enum cs_strategy s)
{
	return (unsigned)s < CS_ST_MAX ? words[s].id : "unknown";
}

const char *model_strategy_desc(enum cs_strategy s)
{
	return (unsigned)s < CS_ST_MAX ? words[s].desc : "";
}

bool model_strategy_inward(enum cs_strategy s)
{
	return (unsigned)s < CS_ST_MAX && words[s].inward;
}

bool rule_is_aftermath(enum cs_rule r)
{
	return r == CS_R_XMIT_VIRTUAL || r == CS_R_XMIT_DEVICE ||
	       r == CS_R_XMIT_COPY || r == CS_R_DEFERRED_COPY;
}

void strategy_stat(struct cs_model *m, struct proc *p, uint64_t ts,
		   enum st_stat s, uint64_t bytes)
{
	bool in = s == STS_XMIT_COPY ? model_in_window_after(m, p, ts) :
				       model_in_window(m, p, ts);

	if ((unsigned)s < STS_MAX && in) {
		p->stat[s] += bytes;
		flows_stat(m, p, s, bytes);
	}
}

enum cs_strategy strategy_of(const struct proc *p)
{
	return strategy_of_stat(p->stat, false);
}

/*
 * pipes: a flow's strategy counts write() into and read() from a pipe as
 * the two halves of read + write (cat FILE | gzip); a process's does not,
 * a byte written to a pipe to say "ready" being no strategy of its own.
 */
enum cs_strategy strategy_of_stat(const uint64_t *st, bool pipes)
{
	uint64_t score[CS_ST_MAX] = { 0 };
	uint64_t to_file = st[STS_WRITE_FILE] + st[STS_WRITE_DIRECT];
	uint64_t rw_out =
		st[STS_SEND_USER] + to_file + (pipes ? st[STS_WRITE_PIPE] : 0);
	uint64_t from_file = st[STS_READ_FILE] + st[STS_READ_DIRECT] +
			     (pipes ? st[STS_READ_PIPE] : 0);
	uint64_t nosg;
	enum cs_strategy best = CS_ST_UNKNOWN;
	unsigned s;

	/* Output bytes decide; how the data came in refines the name. */
	if (st[STS_READ_DIRECT] > st[STS_READ_FILE])
		score[CS_ST_ODIRECT] = rw_out;
	else if (st[STS_READ_SOCK] > from_file && to_file)
		score[CS_ST_RECV_WRITE] = to_file; /* a downloader */
	else if (!from_file && !st[STS_READ_SOCK] &&
		 st[STS_WRITE_DIRECT] > rw_out - st[STS_WRITE_DIRECT])
		score[CS_ST_ODIRECT_WRITE] = rw_out; /* made in memory */
	else if (!from_file && !st[STS_READ_SOCK])
		score[CS_ST_WRITE] = rw_out;
	else
		score[CS_ST_READ_WRITE] = rw_out;
	score[CS_ST_MMAP_WRITE] = st[STS_SEND_MAPPED] + st[STS_WRITE_MAPPED];
	score[CS_ST_MSG_ZEROCOPY] = st[STS_SEND_ZC];
	/* gathered by the socket, then copied for a device that cannot */
	nosg = st[STS_XMIT_COPY] < st[STS_SENDFILE_REF] ? st[STS_XMIT_COPY] :
							  st[STS_SENDFILE_REF];
	score[CS_ST_SENDFILE] = st[STS_SENDFILE_CPU] + nosg;
	score[CS_ST_SENDFILE_GATHER] = st[STS_SENDFILE_REF] - nosg;
	/* the pipe's consumer counts; what filled the pipe names it */
	if (st[STS_VMSPLICE])
		score[CS_ST_VMSPLICE] = st[STS_SPLICE_OUT] + st[STS_VMSPLICE];
	else if (st[STS_TEE])
		score[CS_ST_TEE] = st[STS_SPLICE_OUT] + st[STS_TEE];
	else if (st[STS_SPLICE_SOCK_IN])
		score[CS_ST_SPLICE_RECV] = st[STS_SPLICE_OUT];
	else
		score[CS_ST_SPLICE] = st[STS_SPLICE_OUT];
	score[CS_ST_COPY_FILE_RANGE] = st[STS_COPY_RANGE];
	score[CS_ST_URING_RW] = st[STS_URING_RW];
	score[CS_ST_URING_SPLICE] = st[STS_URING_SPLICE];
	score[CS_ST_URING_SEND_ZC] = st[STS_URING_SEND_ZC];

	/* ties go to the strategy listed first in enum cs_strategy */
	for (s = 1; s < CS_ST_MAX; s++)
		if (score[s] > score[best])
			best = (enum cs_strategy)s;
	if (best != CS_ST_UNKNOWN)
		return best;
	/* io_uring requests whose completions ran out of sight */
	if (st[STS_URING_SUBMIT_ZC])
		return CS_ST_URING_SEND_ZC;
	if (st[STS_URING_SUBMIT_SPLICE])
		return CS_ST_URING_SPLICE;
	if (st[STS_URING_SUBMIT_RW])
		return CS_ST_URING_RW;
	/* nothing sent on: where the data came into memory from */
	if (st[STS_READ_SOCK] > from_file)
		return CS_ST_RECEIVER;
	if (st[STS_READ_DIRECT] > st[STS_READ_FILE])
		return CS_ST_ODIRECT_READ;
	if (st[STS_READ_FILE])
		return CS_ST_READ;
	return CS_ST_UNKNOWN;
}
