// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>

#include "demos/fsinfo.h"

/* statfs f_type values (linux/magic.h): only those we name. */
static const struct {
	unsigned long magic;
	enum fs_backing backing;
	const char *name;
} kinds[] = {
	{ 0x01021994, FS_MEMORY, "tmpfs" },
	{ 0x858458f6, FS_MEMORY, "ramfs" },
	{ 0x6969, FS_REMOTE, "nfs" },
	{ 0xff534d42, FS_REMOTE, "cifs" },
	{ 0xfe534d42, FS_REMOTE, "smb2" },
	{ 0x01021997, FS_REMOTE, "9p" },
	{ 0x65735546, FS_REMOTE, "fuse" }, /* virtiofs too */
	{ 0x00c36400, FS_REMOTE, "ceph" },
	/* btrfs and bcachefs give their files an anonymous device number */
	{ 0x9123683e, FS_DISK, "btrfs" },
	{ 0xca451a4e, FS_DISK, "bcachefs" },
	{ 0x2fc12fc1, FS_DISK, "zfs" },
	{ 0x794c7630, FS_UNKNOWN, "overlay" },
};

int fs_info_of(const char *path, struct fs_info *fi)
{
	struct statfs sfs;
	struct stat st;
	size_t i;

	memset(fi, 0, sizeof(*fi));
	if (stat(path, &st) < 0 || statfs(path, &sfs) < 0)
		return -1;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((unsigned long)sfs.f_type == kinds[i].magic) {
			fi->backing = kinds[i].backing;
			snprintf(fi->type, sizeof(fi->type), "%s",
				 kinds[i].name);
			return 0;
		}
	/* ext4, xfs, ...: the superblock is a block device's */
	if (major(st.st_dev) != 0) {
		fi->backing = FS_DISK;
		snprintf(fi->type, sizeof(fi->type), "block device %u:%u",
			 major(st.st_dev), minor(st.st_dev));
	} else {
		snprintf(fi->type, sizeof(fi->type), "type 0x%lx",
			 (unsigned long)sfs.f_type);
	}
	return 0;
}

void fs_demo_dir(char *buf, size_t len, struct fs_info *fi)
{
	const char *tmp = getenv("TMPDIR");
	char cwd[4096];
	const char *cand[3] = { tmp && *tmp ? tmp : NULL, "/var/tmp",
				getcwd(cwd, sizeof(cwd)) };
	size_t i;

	for (i = 0; i < 3; i++)
		if (cand[i] && !access(cand[i], W_OK) &&
		    !fs_info_of(cand[i], fi) && fi->backing == FS_DISK) {
			snprintf(buf, len, "%s", cand[i]);
			return;
		}
	snprintf(buf, len, "%s", tmp && *tmp ? tmp : "/tmp");
	if (fs_info_of(buf, fi) < 0)
		memset(fi, 0, sizeof(*fi));
}

const char *fs_no_disk_why(const struct fs_info *fi, const char *dir, char *buf,
			   size_t len)
{
	switch (fi->backing) {
	case FS_DISK:
		snprintf(buf, len, "%s", "");
		break;
	case FS_MEMORY:
		snprintf(buf, len,
			 "%s is %s, a file system in memory: there is no disk "
			 "under it, so there will be no disk DMA (the CPU "
			 "copies from memory), and --cold cannot evict its "
			 "pages",
			 dir, fi->type);
		break;
	case FS_REMOTE:
		snprintf(buf, len,
			 "%s is %s: the file lives on another machine or the "
			 "host, so there will be no disk DMA here",
			 dir, fi->type);
		break;
	case FS_UNKNOWN:
		snprintf(buf, len,
			 "%s is %s: copyscope cannot tell whether a disk is "
			 "under it; if none is, there will be no disk DMA",
			 dir,
			 fi->type[0] ? fi->type : "an unknown file system");
		break;
	}
	return buf;
}
