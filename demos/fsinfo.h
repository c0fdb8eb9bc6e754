/* SPDX-License-Identifier: GPL-2.0 */
#ifndef COPYSCOPE_DEMOS_FSINFO_H
#define COPYSCOPE_DEMOS_FSINFO_H

/*
 * What is under a directory: a disk (block device), memory (tmpfs: the page
 * cache is the file, nothing to evict to), or something else (a network or
 * host file system: NFS, 9p, virtiofs).  The demos keep their files on a
 * disk when they can, and say so when they cannot: without a disk under the
 * file there is no disk DMA to show, and --cold cannot evict anything.
 *
 * Pure C with no other demos/ file, so that 'copyscope doctor' uses it too.
 */

#include <stdbool.h>
#include <stddef.h>

enum fs_backing {
	FS_UNKNOWN = 0, /* could not tell (statfs failed, an unknown kind) */
	FS_DISK, /* a block device under it: reads are the disk's DMA */
	FS_MEMORY, /* tmpfs, ramfs: the files live in memory */
	FS_REMOTE, /* NFS, SMB, 9p, virtiofs, FUSE: no local disk of ours */
};

struct fs_info {
	enum fs_backing backing;
	char type[32]; /* "tmpfs", "block device 8:1", "overlay" ... */
};

/*
 * Classify the file system holding path (a file or a directory): a block
 * device number (st_dev major != 0) means a disk; otherwise the file
 * system's magic number decides.  Returns 0, or -1 with errno set.
 */
int fs_info_of(const char *path, struct fs_info *fi);

/*
 * Where the demos keep their files: the first of $TMPDIR, /var/tmp and the
 * working directory that is writable and on a disk; with none, $TMPDIR (or
 * /tmp).  Writes the directory into buf and what holds it into *fi.
 */
void fs_demo_dir(char *buf, size_t len, struct fs_info *fi);

/* One sentence for people: why a file there gets no disk DMA ("" for a
 * disk).  Returns buf. */
const char *fs_no_disk_why(const struct fs_info *fi, const char *dir, char *buf,
			   size_t len);

#endif /* COPYSCOPE_DEMOS_FSINFO_H */
