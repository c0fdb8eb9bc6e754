// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * io_uring: the same strategies, submitted through a ring shared with the
 * kernel instead of one system call per operation.
 *
 *   --variant read_send   READ into a buffer linked to a SEND of it: the
 *                         two CPU copies of read_write, one io_uring_enter
 *                         per chunk instead of two system calls
 *   --variant splice      SPLICE file -> pipe linked to SPLICE pipe ->
 *                         socket: page references as in the splice demo.
 *                         Pipes cannot be driven without blocking, so the
 *                         kernel hands these to its io-wq worker threads
 *                         (threads of this process): expect them in a trace
 *   --variant send_zc     SEND_ZC from a mapping of the file: like
 *                         MSG_ZEROCOPY, with the "done with your memory"
 *                         notification arriving as a second completion;
 *                         IORING_SEND_ZC_REPORT_USAGE makes it say whether
 *                         the kernel copied after all (on loopback: yes)
 *
 * One io_uring_enter() submits the chunk's requests and waits for their
 * completions; completions that are already there are read from the shared
 * ring without any system call.
 */

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "demos/harness.h"

/*
 * Debian 12's liburing 2.3 carries an io_uring.h from before Linux 6.2;
 * these are the kernel's stable values.
 */
#ifndef IORING_SEND_ZC_REPORT_USAGE
#define IORING_SEND_ZC_REPORT_USAGE (1U << 3)
#endif
#ifndef IORING_NOTIF_USAGE_ZC_COPIED
#define IORING_NOTIF_USAGE_ZC_COPIED (1U << 31)
#endif

enum variant { READ_SEND, SPLICE, SEND_ZC };
enum { OPT_VARIANT = 256 };

static const char *const variant_names[] = { "read_send", "splice", "send_zc" };
static enum variant variant = READ_SEND;

static const struct option options[] = {
	{ "variant", required_argument, NULL, OPT_VARIANT },
	{ NULL, 0, NULL, 0 },
};

static struct io_uring ring;
static int ring_ok;
static int pipefd[2] = { -1, -1 };
static char *buf, *map;
static uint32_t zc_sends, zc_notifs, zc_copied;

static int option(int val, const char *arg)
{
	if (val != OPT_VARIANT)
		return -1;
	for (int v = READ_SEND; v <= SEND_ZC; v++) {
		if (!strcmp(arg, variant_names[v])) {
			variant = (enum variant)v;
			return 0;
		}
	}
	return -1;
}

static int setup(struct xfer *x)
{
	xfer_extra_str(x, "variant", variant_names[variant]);
	return 0;
}

static int prepare(struct xfer *x)
{
	int rc = io_uring_queue_init(8, &ring, 0);

	if (rc < 0) {
		errno = -rc;
		return xfer_fail(x, "io_uring_queue_init (is io_uring "
				    "disabled? see /proc/sys/kernel/"
				    "io_uring_disabled)");
	}
	ring_ok = 1;
	xfer_extra_str(x, "variant", variant_names[variant]);
	if (variant == READ_SEND) {
		buf = malloc(x->chunk);
		if (!buf)
			return xfer_fail(x, "malloc");
	} else if (variant == SPLICE) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			return xfer_fail(x, "pipe");
		if (x->chunk > 65536)
			fcntl(pipefd[1], F_SETPIPE_SZ,
			      (int)min_u64(x->chunk, 1 << 30));
	}
	zc_sends = zc_notifs = zc_copied = 0;
	return 0;
}

/* Take one completion, entering the kernel to wait only if none is there. */
static int next_cqe(struct xfer *x, struct io_uring_cqe *out)
{
	struct io_uring_cqe *cqe;
	int rc = io_uring_peek_cqe(&ring, &cqe);

	if (rc == -EAGAIN) {
		step("io_uring_enter(wait for a completion)");
		rc = io_uring_wait_cqe(&ring, &cqe);
	}
	if (rc < 0) {
		errno = -rc;
		return xfer_fail(x, "io_uring_wait_cqe");
	}
	*out = *cqe;
	io_uring_cqe_seen(&ring, cqe);
	return 0;
}

/* Check a completion of a request that had to move exactly want bytes. */
static int check_res(struct xfer *x, const struct io_uring_cqe *cqe,
		     uint64_t want, const char *what)
{
	if (cqe->res < 0) {
		errno = -cqe->res;
		return xfer_fail(x, what);
	}
	if ((uint64_t)cqe->res != want)
		return xfer_failf(x, "%s moved %d of %llu bytes", what,
				  cqe->res, (unsigned long long)want);
	return 0;
}

/* READ linked to SEND: the send starts only after the read completed. */
static int chunk_read_send(struct xfer *x, uint64_t off, uint64_t want)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	struct io_uring_cqe cqe;

	io_uring_prep_read(sqe, x->file_fd, buf, (unsigned int)want, off);
	sqe->flags |= IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = io_uring_get_sqe(&ring);
	/* MSG_WAITALL: without it a SEND may go out short. */
	io_uring_prep_send(sqe, x->sock, buf, want, MSG_WAITALL);
	sqe->user_data = 2;

	step("io_uring_enter(READ %s + SEND %s)", size_str(want),
	     size_str(want));
	io_uring_submit_and_wait(&ring, 2);
	for (int i = 0; i < 2; i++) {
		if (next_cqe(x, &cqe) < 0 ||
		    check_res(x, &cqe, want,
			      cqe.user_data == 1 ? "READ" : "SEND") < 0)
			return -1;
	}
	return 0;
}

/* SPLICE file -> pipe linked to SPLICE pipe -> socket. */
static int chunk_splice(struct xfer *x, uint64_t off, uint64_t want)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	struct io_uring_cqe cqe;

	io_uring_prep_splice(sqe, x->file_fd, (int64_t)off, pipefd[1], -1,
			     (unsigned int)want, SPLICE_F_MOVE);
	sqe->flags |= IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_splice(sqe, pipefd[0], -1, x->sock, -1,
			     (unsigned int)want, SPLICE_F_MOVE);
	sqe->user_data = 2;

	step("io_uring_enter(SPLICE file -> pipe + SPLICE pipe -> socket, %s)",
	     size_str(want));
	io_uring_submit_and_wait(&ring, 2);
	for (int i = 0; i < 2; i++) {
		if (next_cqe(x, &cqe) < 0 ||
		    check_res(x, &cqe, want,
			      cqe.user_data == 1 ? "SPLICE file -> pipe" :
						   "SPLICE pipe -> socket") < 0)
			return -1;
	}
	return 0;
}

/* A SEND_ZC completion or notification. */
static int zc_cqe(struct xfer *x, const struct io_uring_cqe *cqe, int *sent)
{
	if (cqe->flags & IORING_CQE_F_NOTIF) {
		/* The kernel is done with the memory of one send. */
		zc_notifs++;
		if ((uint32_t)cqe->res & IORING_NOTIF_USAGE_ZC_COPIED)
			zc_copied++;
		return 0;
	}
	if (cqe->res < 0) {
		errno = -cqe->res;
		return xfer_fail(x, "SEND_ZC");
	}
	*sent = cqe->res;
	return 0;
}

static int chunk_send_zc(struct xfer *x, uint64_t off, uint64_t want)
{
	uint64_t done = 0;

	while (done < want) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		struct io_uring_cqe cqe;
		int sent = -1;

		io_uring_prep_send_zc(sqe, x->sock, map + off + done,
				      want - done, MSG_WAITALL,
				      IORING_SEND_ZC_REPORT_USAGE);
		step("io_uring_enter(SEND_ZC %s)", size_str(want - done));
		io_uring_submit_and_wait(&ring, 1);
		zc_sends++;
		/* Notifications of earlier sends may come first. */
		while (sent < 0)
			if (next_cqe(x, &cqe) < 0 || zc_cqe(x, &cqe, &sent) < 0)
				return -1;
		done += (uint64_t)sent;
	}
	return 0;
}

static int transfer(struct xfer *x)
{
	uint64_t off = 0;

	if (variant == SEND_ZC) {
		step("mmap(file, %s)", size_str(x->size));
		map = mmap(NULL, x->size, PROT_READ, MAP_SHARED, x->file_fd, 0);
		if (map == MAP_FAILED) {
			map = NULL;
			return xfer_fail(x, "mmap(file)");
		}
	}
	while (off < x->size) {
		uint64_t want = chunk_at(x, off);
		int rc = variant == READ_SEND ? chunk_read_send(x, off, want) :
			 variant == SPLICE    ? chunk_splice(x, off, want) :
						chunk_send_zc(x, off, want);

		if (rc < 0)
			return -1;
		off += want;
	}
	if (variant != SEND_ZC)
		return 0;
	/* Keep the mapping until every send's memory has been released. */
	while (zc_notifs < zc_sends) {
		struct io_uring_cqe cqe;
		int sent;

		if (next_cqe(x, &cqe) < 0 || zc_cqe(x, &cqe, &sent) < 0)
			return -1;
	}
	xfer_extra_u64(x, "zerocopy_sends", zc_sends);
	xfer_extra_u64(x, "zerocopy_copied_sends", zc_copied);
	xfer_note(x,
		  "%u of %u SEND_ZC notifications said "
		  "IORING_NOTIF_USAGE_ZC_COPIED: the kernel copied the data "
		  "after all%s",
		  zc_copied, zc_sends,
		  zc_copied == zc_sends ? " (a local receiver cannot be left "
					  "holding the sender's pages)" :
					  "");
	return 0;
}

static void finish(struct xfer *x)
{
	if (map)
		munmap(map, x->size);
	map = NULL;
	free(buf);
	buf = NULL;
	if (pipefd[0] >= 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		pipefd[0] = pipefd[1] = -1;
	}
	if (ring_ok)
		io_uring_queue_exit(&ring);
	ring_ok = 0;
}

static const struct demo demo = {
	.name = "io_uring",
	.summary = "The strategies through io_uring: READ+SEND, SPLICE+SPLICE "
		   "or SEND_ZC to a TCP socket\non loopback.",
	.sink = SINK_SOCKET,
	.options = options,
	.options_help = "  --variant V      read_send (default), splice or "
			"send_zc\n",
	.option = option,
	.setup = setup,
	.prepare = prepare,
	.transfer = transfer,
	.finish = finish,
};

int main(int argc, char **argv)
{
	return demo_main(&demo, argc, argv);
}
