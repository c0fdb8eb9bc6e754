// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * devices.c - is there a disk under a file's file system?
 *
 * The kernel side says, for each regular file: its file system type needs
 * a block device (ext4, xfs, btrfs) or needs none (tmpfs, overlayfs, NFS,
 * 9p, virtiofs): CS_FF_FS_DISK or CS_FF_FS_NODISK.  That is the evidence.
 *
 * A recording made before those flags were written has only the device
 * number: a file system on a block device gives its files that device's
 * number (major != 0), tmpfs and the others an anonymous one (major 0),
 * and so does btrfs, which does block I/O.  There a disk read inside a
 * read of one of its files marks the device as a disk for the rest of the
 * session, and "no disk" means an anonymous device and no such read.  (A
 * read only: any call may hold a stray disk completion of the process's
 * own, a readahead of a library it faulted in, and a tmpfs file written
 * then would have become a disk.)
 */
#include "model/model_int.h"

#define DEV_MAJOR(dev) ((dev) >> 20) /* the kernel's encoding (cs_file) */

static bool is_file(uint8_t kind)
{
	return kind == CS_FD_FILE;
}

/* Remember dev in list (at most MAX_DISK_DEVS). */
static void remember(uint32_t *list, unsigned *n, uint32_t dev)
{
	unsigned i;

	for (i = 0; i < *n; i++)
		if (list[i] == dev)
			return;
	if (*n < MAX_DISK_DEVS)
		list[(*n)++] = dev;
}

static bool known(const uint32_t *list, unsigned n, uint32_t dev)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (list[i] == dev)
			return true;
	return false;
}

bool device_no_disk(const struct cs_model *m, uint32_t dev)
{
	/* 0: a recording that did not say; claim nothing */
	if (!dev)
		return false;
	if (known(m->nodisk_devs, m->nnodisk_devs, dev))
		return true;
	if (DEV_MAJOR(dev) || known(m->disk_devs, m->ndisk_devs, dev))
		return false;
	return true;
}

static const struct cs_file *source_file(const struct cs_syscall *sc);

void devices_on_call(struct sc_ctx *c)
{
	const struct cs_file *src = source_file(c->sc);
	unsigned i;

	for (i = 0; i < 2; i++) {
		const struct cs_file *f = &c->sc->file[i];

		if (c->sc->fd[i] < 0 || !is_file(f->kind) || !f->dev)
			continue;
		if (f->fflags & CS_FF_FS_NODISK)
			remember(c->m->nodisk_devs, &c->m->nnodisk_devs,
				 f->dev);
		else if (f->fflags & CS_FF_FS_DISK)
			remember(c->m->disk_devs, &c->m->ndisk_devs, f->dev);
		/* no word from the kernel: a disk read while reading it */
		else if (f == src && c->block_read_bytes && !DEV_MAJOR(f->dev))
			remember(c->m->disk_devs, &c->m->ndisk_devs, f->dev);
	}
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
	struct cs_totals *ft;

	if (!f || !is_file(f->kind) || !sc_bytes(c->sc) ||
	    !device_no_disk(c->m, f->dev) ||
	    !model_in_window(c->m, c->p, c->sc->h.ts))
		return;
	c->p->tot.nodisk_file_bytes += sc_bytes(c->sc);
	ft = flows_tot(c->m, c->p);
	if (ft)
		ft->nodisk_file_bytes += sc_bytes(c->sc);
}
