// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rules_file.c - regular files: the page cache, the disk, mappings.
 *
 * Each rule says which event proves what; tutorial/evidence.md has the
 * same rules for students, under the anchor given in brackets.
 */
#include <string.h>

#include "model/model_int.h"

#define CS_MAP_SHARED 0x01 /* mmap() flags: MAP_SHARED */

/* ---- file mappings ------------------------------------------------------ */

const struct mapping *mapping_find(const struct proc *p, uint64_t addr)
{
	unsigned i;

	if (!addr)
		return NULL;
	for (i = 0; i < p->nmap; i++)
		if (addr >= p->map[i].start &&
		    addr - p->map[i].start < p->map[i].len)
			return &p->map[i];
	return NULL;
}

static void mapping_add(struct proc *p, uint64_t start, uint64_t len,
			const struct cs_file *f, bool shared)
{
	if (p->nmap == MAX_MAPPINGS) {
		/* forget the oldest */
		memmove(p->map, p->map + 1,
			(MAX_MAPPINGS - 1) * sizeof(p->map[0]));
		p->nmap--;
	}
	p->map[p->nmap].start = start;
	p->map[p->nmap].len = len;
	p->map[p->nmap].ino = f->ino;
	p->map[p->nmap].dev = f->dev;
	p->map[p->nmap].shared = shared;
	memcpy(p->map[p->nmap].name, f->name, sizeof(f->name));
	p->map[p->nmap].name[CS_NAME_LEN - 1] = 0;
	p->nmap++;
}

/* munmap may cut a mapping in part: forget every mapping it touches. */
static void mapping_remove(struct proc *p, uint64_t start, uint64_t len)
{
	unsigned i = 0;

	while (i < p->nmap) {
		struct mapping *mp = &p->map[i];
		bool overlap =
			start < mp->start + mp->len && mp->start < start + len;

		if (overlap) {
			memmove(mp, mp + 1, (p->nmap - i - 1) * sizeof(*mp));
			p->nmap--;
		} else {
			i++;
		}
	}
}

/* ---- rules ----------------------------------------------------------------
 */

static bool is_file(uint8_t kind)
{
	return kind == CS_FD_FILE || kind == CS_FD_BLK;
}

/* The call's own facts happen by its exit. */
static uint64_t at_exit(const struct sc_ctx *c)
{
	return c->sc->h.ts;
}

static void transfer(struct sc_ctx *c, uint64_t bytes, enum cs_place from,
		     enum cs_place to, enum cs_kind kind, enum cs_evidence ev,
		     enum cs_rule rule, uint16_t flags)
{
	fact_transfer(c->m, c->p, at_exit(c), c->sc->h.pid, c->sc, c->seq,
		      bytes, from, to, kind, ev, rule, flags);
}

/* Measured bytes replace attributed ones; a disagreement is reported. */
static void check(struct sc_ctx *c, enum cs_rule rule, uint64_t expected,
		  uint64_t seen)
{
	if (seen != expected)
		note_mismatch(c->m, c->p, at_exit(c), c->sc->h.pid, c->sc,
			      c->seq, rule, (int64_t)expected, (int64_t)seen);
}

/*
 * [read-direct] read() of a file opened with O_DIRECT: the device DMAs
 * straight into the caller's pages and the page cache is bypassed.  The
 * block completions inside the call are the transfer (measured, made by
 * rules_file_item); without them, the call's result stands for it.
 *
 * [direct-no-disk] O_DIRECT on a file system with no disk under it (tmpfs:
 * an anonymous device and no block I/O seen, devices.c): there is nothing
 * to DMA from; tmpfs serves the call like any other, the CPU copies
 * between its pages and the buffer.  Inferred.
 *
 * [read-cache] read() of a regular file without O_DIRECT: filemap_read()
 * copies from the page cache into the buffer.  The descriptor (a regular
 * file, no O_DIRECT, both read from the kernel's struct file) proves the
 * path; the size is the result: attributed.  With the fentry/kprobe tier,
 * filemap_read()'s return value measures it.
 */
static void rule_read(struct sc_ctx *c)
{
	uint64_t r = sc_bytes(c->sc), dio, got;

	if (c->sc->file[0].fflags & CS_FF_DIRECT) {
		bool nodisk = device_no_disk(c->m, c->sc->file[0].dev);
		/* a disk read inside it is its own only over a disk: else it
		 * is another file's (a readahead of the process's) */
		uint64_t blk = nodisk ? 0 : c->block_read_bytes;

		dio = ctx_take_copy(c, CS_FN_DIO_RW);
		if (c->copy_seen[CS_FN_DIO_RW])
			check(c, CS_R_READ_DIRECT, r, dio);
		/* no completion inside the call: iomap_dio_complete's result
		 * measures the DMA, else the call's result stands for it */
		if (nodisk)
			transfer(c, r, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU,
				 CS_EVID_INFERRED, CS_R_DIRECT_NODISK,
				 CS_TF_O_DIRECT);
		else if (!blk && c->copy_seen[CS_FN_DIO_RW])
			transfer(c, dio, CS_PL_DISK, CS_PL_USER, CS_K_DMA,
				 CS_EVID_MEASURED, CS_R_READ_DIRECT,
				 CS_TF_O_DIRECT);
		else if (!blk)
			transfer(c, r, CS_PL_DISK, CS_PL_USER, CS_K_DMA,
				 CS_EVID_INFERRED, CS_R_READ_DIRECT,
				 CS_TF_O_DIRECT);
		strategy_stat(c->m, c->p, at_exit(c), STS_READ_DIRECT, r);
		return;
	}
	if (c->copy_seen[CS_FN_FILEMAP_READ]) {
		got = ctx_take_copy(c, CS_FN_FILEMAP_READ);
		check(c, CS_R_READ_CACHE, r, got);
		transfer(c, got, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU,
			 CS_EVID_MEASURED, CS_R_READ_CACHE, 0);
	} else {
		transfer(c, r, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU,
			 CS_EVID_ATTRIBUTED, CS_R_READ_CACHE, 0);
	}
	strategy_stat(c->m, c->p, at_exit(c), STS_READ_FILE, r);
}

/*
 * [write-cache] write() to a regular file without O_DIRECT copies the
 * buffer into the page cache (ext4_da_write_begin fires for each piece on
 * ext4); the disk gets it later, at writeback.  Attributed; measured by
 * generic_perform_write() in the fentry/kprobe tier.  When the buffer is a
 * file mapping, the copy goes from page cache to page cache.
 * O_DIRECT writes are DMA from the buffer to the disk, like reads.
 */
static void rule_write(struct sc_ctx *c)
{
	uint64_t r = sc_bytes(c->sc), got;
	const struct mapping *mp =
		mapping_find(c->p, syscall_user_buf(c->sc->nr, c->sc->arg[1]));
	enum cs_place from = mp ? CS_PL_PAGE_CACHE : CS_PL_USER;
	uint16_t flags = mp ? CS_TF_VIA_MAPPING : 0;

	if (c->sc->file[0].fflags & CS_FF_DIRECT) {
		got = ctx_take_copy(c, CS_FN_DIO_RW);
		if (c->copy_seen[CS_FN_DIO_RW])
			check(c, CS_R_BLOCK_WRITE, r, got);
		/* no disk under the file: a disk write inside the call is
		 * another file's (a write-back the process was made to do) */
		if (!c->copy_seen[CS_FN_DIO_RW] &&
		    device_no_disk(c->m, c->sc->file[0].dev))
			transfer(c, r, from, CS_PL_PAGE_CACHE, CS_K_CPU,
				 CS_EVID_INFERRED, CS_R_DIRECT_NODISK,
				 flags | CS_TF_O_DIRECT);
		else if (!c->block_write_bytes)
			transfer(c, c->copy_seen[CS_FN_DIO_RW] ? got : r, from,
				 CS_PL_DISK, CS_K_DMA,
				 c->copy_seen[CS_FN_DIO_RW] ? CS_EVID_MEASURED :
							      CS_EVID_INFERRED,
				 CS_R_BLOCK_WRITE, flags | CS_TF_O_DIRECT);
		strategy_stat(c->m, c->p, at_exit(c), STS_WRITE_DIRECT, r);
		return;
	}
	if (c->copy_seen[CS_FN_PERFORM_WRITE]) {
		got = ctx_take_copy(c, CS_FN_PERFORM_WRITE);
		check(c, CS_R_WRITE_CACHE, r, got);
		transfer(c, got, from, CS_PL_PAGE_CACHE, CS_K_CPU,
			 CS_EVID_MEASURED, CS_R_WRITE_CACHE, flags);
	} else {
		transfer(c, r, from, CS_PL_PAGE_CACHE, CS_K_CPU,
			 CS_EVID_ATTRIBUTED, CS_R_WRITE_CACHE, flags);
	}
	strategy_stat(c->m, c->p, at_exit(c),
		      mp ? STS_WRITE_MAPPED : STS_WRITE_FILE, r);
}

/*
 * [mmap] mmap() of a file maps page-cache pages into the process: no
 * byte moves.  The returned address proves the mapping; its length is the
 * size (attributed).  Pages arrive later, through faults (in user space,
 * or inside the kernel when write() copies from the mapping).  The model
 * remembers the range so that a later write() from it is known to copy
 * from the page cache.
 */
static void rule_mmap(struct sc_ctx *c)
{
	const struct cs_syscall *sc = c->sc;
	uint64_t addr = (uint64_t)sc->ret, len = sc->arg[1];

	/* errors are -4095..-1; anonymous mappings pass fd -1 */
	if (sc->ret <= 0 || addr >= (uint64_t)-4096 ||
	    (int64_t)sc->arg[4] < 0 || !is_file(sc->file[0].kind) || !len)
		return;
	mapping_add(c->p, addr, len, &sc->file[0], sc->arg[3] & CS_MAP_SHARED);
	transfer(c, len, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_MAP,
		 CS_EVID_ATTRIBUTED, CS_R_MMAP, 0);
}

/*
 * [file-to-file] copy_file_range() between files: the kernel copies
 * page-cache pages into the destination's page cache (ext4 falls back to
 * splicing through a pipe and copying).  Other file systems may share
 * extents instead (reflink), which the call's result cannot tell apart:
 * inferred, unless generic_perform_write() measured it.
 */
static void rule_copy_range(struct sc_ctx *c)
{
	uint64_t r = sc_bytes(c->sc);

	/* the read half (through a pipe, by reference): part of the call */
	ctx_take_copy(c, CS_FN_FILEMAP_SPLICE);
	ctx_take_copy(c, CS_FN_FILEMAP_READ);
	if (c->copy_seen[CS_FN_PERFORM_WRITE])
		transfer(c, ctx_take_copy(c, CS_FN_PERFORM_WRITE),
			 CS_PL_PAGE_CACHE, CS_PL_PAGE_CACHE, CS_K_CPU,
			 CS_EVID_MEASURED, CS_R_SENDFILE_FILE, 0);
	else
		transfer(c, r, CS_PL_PAGE_CACHE, CS_PL_PAGE_CACHE, CS_K_CPU,
			 CS_EVID_INFERRED, CS_R_SENDFILE_FILE, 0);
	strategy_stat(c->m, c->p, at_exit(c), STS_COPY_RANGE, r);
}

bool rules_file(struct sc_ctx *c, enum sc_class cls)
{
	switch (cls) {
	case SCC_READ:
		if (!is_file(c->sc->file[0].kind) || !sc_bytes(c->sc))
			return false;
		rule_read(c);
		return true;
	case SCC_WRITE:
		if (!is_file(c->sc->file[0].kind) || !sc_bytes(c->sc))
			return false;
		rule_write(c);
		return true;
	case SCC_MMAP:
		rule_mmap(c);
		return true;
	case SCC_MUNMAP:
		if (c->sc->ret == 0)
			mapping_remove(c->p, c->sc->arg[0], c->sc->arg[1]);
		return true;
	case SCC_COPY_RANGE:
		if (!sc_bytes(c->sc))
			return false;
		rule_copy_range(c);
		return true;
	default:
		return false;
	}
}

/* Is the call around this record an O_DIRECT read (write)? */
static bool in_direct(const struct sc_ctx *c, enum sc_class cls)
{
	return c->sc && syscall_class(c->sc->nr) == cls &&
	       is_file(c->sc->file[0].kind) &&
	       (c->sc->file[0].fflags & CS_FF_DIRECT) &&
	       !device_no_disk(c->m, c->sc->file[0].dev);
}

/*
 * [block-read] A completed read request is the disk's DMA, with its size:
 * measured.  It lands in the page cache (a buffered read, readahead, a
 * fault on a mapping) unless it completed inside an O_DIRECT read of the
 * same thread, where it lands in the caller's buffer.  Completions run in
 * interrupt context; the kernel side ties them to the submitting thread.
 *
 * [block-write] A completed write request: page cache -> disk (writeback,
 * fsync), or buffer -> disk inside an O_DIRECT write.
 *
 * A page-cache fill (mm_filemap_add_to_page_cache) is not a transfer by
 * itself: it is where the disk's DMA will land.  It is counted.
 */
void rules_file_item(struct sc_ctx *c, struct held *it)
{
	const struct cs_block *b = &it->r.blk;
	uint64_t ts = it->r.h.ts;
	uint32_t pid = it->r.h.pid;
	struct cs_totals *ft;

	switch (it->r.h.type) {
	case CS_EV_BLOCK:
		if (b->error || !b->bytes)
			break;
		if (b->op == CS_BLK_READ) {
			bool direct = in_direct(c, SCC_READ);

			fact_transfer(c->m, c->p, ts, pid, c->sc, c->seq,
				      b->bytes, CS_PL_DISK,
				      direct ? CS_PL_USER : CS_PL_PAGE_CACHE,
				      CS_K_DMA, CS_EVID_MEASURED,
				      CS_R_BLOCK_READ,
				      direct ? CS_TF_O_DIRECT : 0);
		} else if (b->op == CS_BLK_WRITE) {
			bool direct = in_direct(c, SCC_WRITE);

			fact_transfer(
				c->m, c->p, ts, pid, c->sc, c->seq, b->bytes,
				direct ? CS_PL_USER : CS_PL_PAGE_CACHE,
				CS_PL_DISK, CS_K_DMA, CS_EVID_MEASURED,
				CS_R_BLOCK_WRITE, direct ? CS_TF_O_DIRECT : 0);
		}
		break;
	case CS_EV_CACHE_ADD:
		if (!model_in_window(c->m, c->p, ts))
			break;
		c->p->tot.cache_add_pages += it->r.ca.pages;
		ft = flows_tot(c->m, c->p);
		if (ft)
			ft->cache_add_pages += it->r.ca.pages;
		break;
	case CS_EV_CACHE_WRITE:
		/* outside a write() (an io_uring worker): the completion's
		 * rule makes the transfer; this one only proves it */
		break;
	}
}
