// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * devices.c - is there a disk under a file's file system?
 *
 * A file system on a block device gives its files that device's number
 * (major != 0): a disk, whose reads and writes are DMA.  tmpfs, overlayfs,
 * NFS, 9p and virtiofs give theirs an anonymous number (major 0): no disk of
 * their own.  btrfs does too, but it does block I/O: a block completion
 * inside a call on one of its files marks that device as a disk for the
 * rest of the session.  So "no disk" is decided from evidence: an
 * anonymous device and no block I/O seen under it.
 */
#include "model/model_int.h"

#define DEV_MAJOR(dev) ((dev) >> 20) /* the kernel's encoding (cs_file) */

static bool is_file(uint8_t kind)
{
	return kind == CS_FD_FILE;
}

static void mark_disk(struct cs_model *m, uint32_t dev)
{
	unsigned i;

	if (!dev || DEV_MAJOR(dev))
		return;
	for (i = 0; i < m->ndisk_devs; i++)
		if (m->disk_devs[i] == dev)
			return;
	if (m->ndisk_devs < MAX_DISK_DEVS)
		m->disk_devs[m->ndisk_devs++] = dev;
}

bool device_no_disk(const struct cs_model *m, uint32_t dev)
{
	unsigned i;

	/* 0: a recording that did not say; claim nothing */
	if (!dev || DEV_MAJOR(dev))
		return false;
	for (i = 0; i < m->ndisk_devs; i++)
		if (m->disk_devs[i] == dev)
			return false;
	return true;
}

void devices_on_call(struct sc_ctx *c)
{
	unsigned i;

	if (!c->block_read_bytes && !c->block_write_bytes)
		return;
	for (i = 0; i < 2; i++)
		if (c->sc->fd[i] >= 0 && is_file(c->sc->file[i].kind))
			mark_disk(c->m, c->sc->file[i].dev);
}

/* The file a call reads from, by class; NULL when it reads none. */
static const struct cs_file *source_file(const struct cs_syscall *sc)
{
	switch (syscall_class(sc->nr)) {
	case SCC_READ:
	case SCC_SPLICE:
	case SCC_COPY_RANGE:
		return &sc->file[0];
	case SCC_SENDFILE: /* fd[0] is out, fd[1] in */
		return &sc->file[1];
	default:
		return NULL;
	}
}

void devices_count(struct sc_ctx *c)
{
	const struct cs_file *f = source_file(c->sc);

	if (!f || !is_file(f->kind) || !sc_bytes(c->sc) ||
	    !device_no_disk(c->m, f->dev) ||
	    !model_in_window(c->m, c->p, c->sc->h.ts))
		return;
	c->p->tot.nodisk_file_bytes += sc_bytes(c->sc);
}
