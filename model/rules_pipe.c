// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules_pipe.c - pipes, and the calls that move pages through them:
 * splice, tee, vmsplice, and sendfile to a file or a pipe.
 *
 * Each rule says which event proves what; tutorial/evidence.md has the
 * same rules for students, under the anchor given in brackets.
 */
#include "model/model_int.h"

static void transfer(struct sc_ctx *c, uint64_t bytes, enum cs_place from,
		     enum cs_place to, enum cs_kind kind, enum cs_evidence ev,
		     enum cs_rule rule, uint16_t flags)
{
	fact_transfer(c->m, c->p, c->sc->h.ts, c->sc->h.pid, c->sc, c->seq,
		      bytes, from, to, kind, ev, rule, flags);
}

static void check(struct sc_ctx *c, enum cs_rule rule, uint64_t expected,
		  uint64_t seen)
{
	if (seen != expected)
		note_mismatch(c->m, c->p, c->sc->h.ts, c->sc->h.pid, c->sc,
			      c->seq, rule, (int64_t)expected, (int64_t)seen);
}

static bool is_file(uint8_t kind)
{
	return kind == CS_FD_FILE || kind == CS_FD_BLK;
}

/*
 * [splice-in] splice(file, pipe), or sendfile into a pipe: the pipe takes
 * references to the page-cache pages (filemap_splice_read); nothing is
 * copied.  The descriptors prove the path; the size is the result:
 * attributed.  Measured by filemap_splice_read in the fentry/kprobe tier;
 * if copy_splice_read ran instead (a file system without splice support),
 * the pages were copied: CPU, measured.
 */
static void rule_splice_in(struct sc_ctx *c, uint64_t r)
{
	uint64_t got;

	if (c->copy_seen[CS_FN_COPY_SPLICE]) {
		transfer(c, ctx_take_copy(c, CS_FN_COPY_SPLICE),
			 CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_CPU,
			 CS_EVID_MEASURED, CS_R_SPLICE_IN, 0);
	} else if (c->copy_seen[CS_FN_FILEMAP_SPLICE] ||
		   c->copy_seen[CS_FN_FILEMAP_READ]) {
		/* filemap_read into the pipe on 6.1-era kernels (copy_slot());
		 * the kprobe tier cannot tell its iterator: in a splice to a
		 * pipe it can only have filled the pipe */
		got = ctx_take_copy(c, CS_FN_FILEMAP_SPLICE) +
		      ctx_take_copy(c, CS_FN_FILEMAP_READ);
		check(c, CS_R_SPLICE_IN, r, got);
		transfer(c, got, CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF,
			 CS_EVID_MEASURED, CS_R_SPLICE_IN, 0);
	} else {
		transfer(c, r, CS_PL_PAGE_CACHE, CS_PL_PIPE, CS_K_REF,
			 CS_EVID_ATTRIBUTED, CS_R_SPLICE_IN, 0);
	}
	strategy_stat(c->m, c->p, c->sc->h.ts, STS_SPLICE_IN, r);
}

/*
 * [splice-out-file] splice(pipe, file), and the second half of sendfile or
 * copy_file_range to a file: a file's page cache cannot take foreign
 * pages, so iter_file_splice_write copies them in.  CPU, attributed;
 * measured by generic_perform_write.
 */
static void rule_into_file(struct sc_ctx *c, uint64_t r, enum cs_place from)
{
	if (c->copy_seen[CS_FN_PERFORM_WRITE]) {
		uint64_t got = ctx_take_copy(c, CS_FN_PERFORM_WRITE);

		check(c, CS_R_SPLICE_OUT_FILE, r, got);
		transfer(c, got, from, CS_PL_PAGE_CACHE, CS_K_CPU,
			 CS_EVID_MEASURED,
			 from == CS_PL_PIPE ? CS_R_SPLICE_OUT_FILE :
					      CS_R_SENDFILE_FILE,
			 0);
	} else {
		transfer(c, r, from, CS_PL_PAGE_CACHE, CS_K_CPU,
			 CS_EVID_ATTRIBUTED,
			 from == CS_PL_PIPE ? CS_R_SPLICE_OUT_FILE :
					      CS_R_SENDFILE_FILE,
			 0);
	}
}

static void rule_splice(struct sc_ctx *c, uint64_t r)
{
	uint8_t in = c->sc->file[0].kind, out = c->sc->file[1].kind;

	if (is_file(in) && out == CS_FD_PIPE) {
		rule_splice_in(c, r);
	} else if (in == CS_FD_PIPE && is_file(out)) {
		rule_into_file(c, r, CS_PL_PIPE);
		strategy_stat(c->m, c->p, c->sc->h.ts, STS_SPLICE_OUT, r);
	} else if (in == CS_FD_PIPE && out == CS_FD_PIPE) {
		/* [pipe-pipe] pipe buffers move by reference */
		transfer(c, r, CS_PL_PIPE, CS_PL_PIPE, CS_K_REF,
			 CS_EVID_ATTRIBUTED, CS_R_PIPE_PIPE, 0);
	} else if (in == CS_FD_SOCKET && out == CS_FD_PIPE) {
		/*
		 * [sock-splice-in] splice(socket, pipe): TCP lends the skb's
		 * pages to the pipe (skb_splice_bits).  No record shows it:
		 * inferred.
		 */
		transfer(c, r, CS_PL_SOCKBUF, CS_PL_PIPE, CS_K_REF,
			 CS_EVID_INFERRED, CS_R_SOCK_SPLICE_IN, 0);
		strategy_stat(c->m, c->p, c->sc->h.ts, STS_READ_SOCK, r);
		strategy_stat(c->m, c->p, c->sc->h.ts, STS_SPLICE_SOCK_IN, r);
	}
}

/*
 * sendfile(out, in) whose out is not a socket.  sendfile reads the file
 * through a pipe of its own: [splice-in], then [splice-out-file] (a file)
 * or nothing more (a pipe: the pages stay referenced).
 */
static void rule_sendfile(struct sc_ctx *c, uint64_t r)
{
	uint8_t out = c->sc->file[0].kind;

	if (out == CS_FD_PIPE) {
		rule_splice_in(c, r);
		return;
	}
	if (!is_file(out))
		return;
	/* its internal pipe's read, by reference: part of the call */
	ctx_take_copy(c, CS_FN_FILEMAP_SPLICE);
	ctx_take_copy(c, CS_FN_FILEMAP_READ);
	rule_into_file(c, r, CS_PL_PAGE_CACHE);
	strategy_stat(c->m, c->p, c->sc->h.ts, STS_SENDFILE_CPU, r);
}

bool rules_pipe(struct sc_ctx *c, enum sc_class cls)
{
	uint64_t r = sc_bytes(c->sc);
	const struct mapping *mp;

	if (!r)
		return false;
	switch (cls) {
	case SCC_READ:
		/* [pipe-read] pipe_read copies the pipe's pages into the buffer
		 */
		transfer(c, r, CS_PL_PIPE, CS_PL_USER, CS_K_CPU,
			 CS_EVID_ATTRIBUTED, CS_R_PIPE_READ, 0);
		strategy_stat(c->m, c->p, c->sc->h.ts, STS_READ_PIPE, r);
		return true;
	case SCC_WRITE:
		/* [pipe-write] pipe_write copies the buffer into pipe pages */
		mp = mapping_find(c->p,
				  syscall_user_buf(c->sc->nr, c->sc->arg[1]));
		transfer(c, r, mp ? CS_PL_PAGE_CACHE : CS_PL_USER, CS_PL_PIPE,
			 CS_K_CPU, CS_EVID_ATTRIBUTED, CS_R_PIPE_WRITE,
			 mp ? CS_TF_VIA_MAPPING : 0);
		strategy_stat(c->m, c->p, c->sc->h.ts, STS_WRITE_PIPE, r);
		return true;
	case SCC_SPLICE:
		rule_splice(c, r);
		return true;
	case SCC_SENDFILE:
		rule_sendfile(c, r);
		return true;
	case SCC_TEE:
		/* [pipe-pipe] tee: the second pipe references the same pages */
		transfer(c, r, CS_PL_PIPE, CS_PL_PIPE, CS_K_REF,
			 CS_EVID_ATTRIBUTED, CS_R_PIPE_PIPE, 0);
		strategy_stat(c->m, c->p, c->sc->h.ts, STS_TEE, r);
		return true;
	case SCC_VMSPLICE:
		/*
		 * [vmsplice] vmsplice(pipe, iov) into a pipe's write end: the
		 * pipe takes references to the caller's pages.  The caller
		 * must not touch them until they are consumed.  Attributed.
		 * (On a read end it would copy out; the demos never do.)
		 */
		transfer(c, r, CS_PL_USER, CS_PL_PIPE, CS_K_REF,
			 CS_EVID_ATTRIBUTED, CS_R_VMSPLICE, 0);
		strategy_stat(c->m, c->p, c->sc->h.ts, STS_VMSPLICE, r);
		return true;
	default:
		return false;
	}
}
