// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demos/cleanup.h"
#include "demos/fsinfo.h"
#include "demos/pattern.h"
#include "demos/skbflush.h"
#include "demos/srcfile.h"
#include "demos/util.h"

#define IO_BLOCK (1024 * 1024)
#define SAMPLES 64
/* --cold: how long to keep evicting pages that will not go, and how often. */
#define COLD_WAIT_MS 1000
#define COLD_POLL_MS 10

/*
 * The user's own directory for demo files, made 0700 if missing.  A
 * shared /tmp or /var/tmp is writable by everyone: a directory (or a
 * symlink) someone else made under our name would let them swap our
 * file or read what the demo writes, so it must be ours and a directory.
 */
static int private_dir(const char *base, char *buf, size_t len, char *err,
		       size_t errlen)
{
	struct stat st;

	snprintf(buf, len, "%s/copyscope-%u", base, (unsigned)getuid());
	if (mkdir(buf, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", buf,
			 strerror(errno));
		return -1;
	}
	if (lstat(buf, &st) < 0) {
		snprintf(err, errlen, "cannot use %s: %s", buf,
			 strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() ||
	    (st.st_mode & 077)) {
		snprintf(err, errlen,
			 "%s is not a private directory of yours (not a "
			 "directory, another owner, or open to others): "
			 "remove it, or choose --file",
			 buf);
		return -1;
	}
	return 0;
}

/*
 * The demo's file must sit on a disk for the disk's DMA to be real
 * (fs_demo_dir: /tmp is tmpfs on many systems, /var/tmp rarely).  With no
 * disk the demo says why nothing will come from one.  In the shared
 * /var/tmp it lives in the user's own directory (private_dir()).
 */
int source_default_path(char *buf, size_t len, uint64_t size, char *err,
			size_t errlen)
{
	char dir[4096];
	struct fs_info fi;

	fs_demo_dir(dir, sizeof(dir), &fi);
	if (!strcmp(dir, "/var/tmp") &&
	    private_dir("/var/tmp", dir, sizeof(dir), err, errlen) < 0)
		return -1;
	snprintf(buf, len, "%s/copyscope-demo-%llu.dat", dir,
		 (unsigned long long)size);
	return 0;
}

void dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, len, ".");
	else if (slash == path)
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

int pattern_write_fd(int fd, uint64_t size, uint64_t *done)
{
	char *buf = malloc(IO_BLOCK);
	uint64_t off = 0;
	int ret = -1;

	*done = 0;
	if (!buf)
		return -1;
	while (off < size) {
		size_t n = (size_t)min_u64(IO_BLOCK, size - off);
		ssize_t w;

		pattern_fill(buf, off, n);
		w = pwrite(fd, buf, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			goto out;
		}
		off += (uint64_t)w;
		*done = off;
	}
	/* Delayed allocation can report a full disk only now. */
	if (fsync(fd) < 0)
		goto out;
	ret = 0;
out:
	free(buf);
	return ret;
}

/*
 * Does the file hold the pattern?  Checks SAMPLES blocks spread over the file
 * and its last block: enough to recognise our own file (the receiver checks
 * every byte anyway).  Returns 1 yes, 0 no; *first_ok says whether the first
 * block matched (a file of ours at another size).
 */
static int holds_pattern(int fd, uint64_t size, int *first_ok)
{
	char buf[4096];
	int ok = 1;

	*first_ok = 0;
	for (int k = 0; k <= SAMPLES && size; k++) {
		uint64_t off = k == SAMPLES ?
				       size - min_u64(size, sizeof(buf)) :
				       round_down(size / SAMPLES * k, 4096);
		size_t n = (size_t)min_u64(sizeof(buf), size - off);
		ssize_t r = pread(fd, buf, n, (off_t)off);

		if (r != (ssize_t)n || pattern_check(buf, off, n) >= 0) {
			ok = 0;
			break;
		}
		if (k == 0)
			*first_ok = 1;
	}
	return ok;
}

/* Give the unnamed file fd the name path (replacing a stale file of ours). */
static int link_tmpfile(int fd, const char *path)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	if (unlink(path) < 0 && errno != ENOENT)
		return -1;
	return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}

static int create_source(const char *path, uint64_t size, char *err,
			 size_t errlen)
{
	char dir[4096], tmp[4200];
	uint64_t done = 0;
	int fd, named = 0;

	dir_of(path, dir, sizeof(dir));
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
	if (fd < 0 &&
	    (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* No O_TMPFILE here: a temporary name, renamed when done. */
		snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
		fd = mkostemp(tmp, O_CLOEXEC);
		if (fd >= 0) {
			named = 1;
			cleanup_add_path(tmp);
			fchmod(fd, 0644);
		}
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(errno));
		return -1;
	}
	if (pattern_write_fd(fd, size, &done) < 0) {
		snprintf(
			err, errlen,
			"cannot create %s: %s (after writing %llu of %llu bytes)",
			path, strerror(errno), (unsigned long long)done,
			(unsigned long long)size);
		goto fail;
	}
	if (named ? rename(tmp, path) : link_tmpfile(fd, path)) {
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(errno));
		goto fail;
	}
	if (named)
		cleanup_del_path(tmp);
	close(fd);
	return 0;
fail:
	if (named) {
		unlink(tmp);
		cleanup_del_path(tmp);
	}
	close(fd);
	return -1;
}

int source_open(const char *path, uint64_t size, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int first_ok;
	struct stat st;

	if (fd >= 0) {
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s is not a regular file", path);
			goto fail;
		}
		/*
		 * No readahead for the samples: it would still be reading
		 * when --cold evicts the file, and refill the cache behind
		 * its back.  (This fd only; the demo gets a fresh one.)
		 */
		posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
		if (holds_pattern(fd, (uint64_t)st.st_size, &first_ok) &&
		    (uint64_t)st.st_size == size) {
			/* Ours, the right size: reuse it. */
			close(fd);
			fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0)
				snprintf(err, errlen, "cannot open %s: %s",
					 path, strerror(errno));
			return fd;
		}
		if (!first_ok && st.st_size > 0) {
			snprintf(
				err, errlen,
				"%s exists and does not hold the demo pattern: "
				"not overwriting it (choose another --file)",
				path);
			goto fail;
		}
		close(fd);
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		return -1;
	}
	if (create_source(path, size, err, errlen) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * Write back and evict fd's pages, again and again while mincore() still
 * sees some, for up to wait_ms.  A page somebody else holds a reference to
 * (or is adding to an LRU list on another CPU, or DAMON is looking at) is
 * skipped by DONTNEED; most such references go within milliseconds.
 * Returns the pages still cached, or -1 with errno set.
 */
static int64_t evict(int fd, uint64_t size, unsigned int wait_ms)
{
	uint64_t deadline = now_ns() + (uint64_t)wait_ms * 1000000;
	int64_t left;
	int rc;

	/* Dirty pages cannot be dropped: write them back first. */
	if (fdatasync(fd) < 0)
		return -1;
	for (;;) {
		rc = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		if (rc) {
			errno = rc;
			return -1;
		}
		left = cache_resident_pages(fd, size);
		if (left <= 0 || now_ns() >= deadline)
			return left;
		usleep(COLD_POLL_MS * 1000);
	}
}

/* Copy size bytes of in to out, from offset 0, through a buffer. */
static int copy_all(int in, int out, uint64_t size)
{
	char *buf = malloc(IO_BLOCK);
	uint64_t off = 0;
	int ret = -1;

	if (!buf)
		return -1;
	while (off < size) {
		size_t want = (size_t)min_u64(IO_BLOCK, size - off);
		ssize_t r = pread(in, buf, want, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO; /* the file shrank under us */
			goto out;
		}
		for (ssize_t done = 0, w; done < r; done += w) {
			w = pwrite(out, buf + done, (size_t)(r - done),
				   (off_t)(off + (uint64_t)done));
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w <= 0) {
				if (w == 0)
					errno = ENOSPC;
				goto out;
			}
		}
		off += (uint64_t)r;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

/*
 * Replace path (open as fd) with a fresh copy of itself: a new inode whose
 * pages are written back and evicted before anybody else can reference them,
 * renamed over path (atomically: a concurrent run opens the old file or the
 * new one) and put in fd's place (dup3), read-only like fd was.  The old
 * inode lives on, unnamed, until the last reference to it goes.  The copy is
 * unnamed (O_TMPFILE) until it is complete, so a killed demo leaves nothing.
 * Returns 0, or -1 with errno set and path and fd unchanged.
 */
static int fresh_copy(int fd, const char *path, uint64_t size)
{
	char dir[4096], tmp[4200], proc[64];
	int out, ro = -1, err, named = 0;
	struct stat st;
	int64_t left;

	if (fstat(fd, &st) < 0)
		return -1;
	dir_of(path, dir, sizeof(dir));
	out = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (out < 0 &&
	    (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* No O_TMPFILE here: a temporary name from the start. */
		snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
		out = mkostemp(tmp, O_CLOEXEC);
		if (out >= 0) {
			named = 1;
			cleanup_add_path(tmp);
		}
	}
	if (out < 0)
		return -1;
	if (fchmod(out, st.st_mode & 07777) < 0 || copy_all(fd, out, size) < 0)
		goto fail;
	left = evict(out, size, COLD_WAIT_MS);
	if (left != 0) {
		if (left > 0)
			errno = EBUSY; /* should not happen to a new file */
		goto fail;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", out);
	ro = open(proc, O_RDONLY | O_CLOEXEC);
	if (ro < 0)
		goto fail;
	if (!named) {
		/* linkat() cannot replace path: a name of its own first. */
		snprintf(tmp, sizeof(tmp), "%s.cold-%d", path, (int)getpid());
		if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW))
			goto fail;
		named = 1;
		cleanup_add_path(tmp);
	}
	if (rename(tmp, path) < 0)
		goto fail;
	cleanup_del_path(tmp);
	close(out);
	if (dup3(ro, fd, O_CLOEXEC) < 0) {
		err = errno;
		close(ro);
		errno = err;
		return -1;
	}
	close(ro);
	return 0;
fail:
	err = errno;
	if (named) {
		unlink(tmp);
		cleanup_del_path(tmp);
	}
	if (ro >= 0)
		close(ro);
	close(out);
	errno = err;
	return -1;
}

int64_t cache_make_cold(int fd, const char *path, struct cold_result *cr)
{
	struct cold_result dummy;
	uint64_t t0 = now_ns();
	struct stat st;
	int64_t left;

	if (!cr)
		cr = &dummy;
	memset(cr, 0, sizeof(*cr));
	if (fstat(fd, &st) < 0)
		return -1;
	/* skbs an earlier sendfile left on a CPU's defer list pin pages */
	if (skb_defer_flush() < 0)
		return -1;
	left = evict(fd, (uint64_t)st.st_size, COLD_WAIT_MS);
	cr->wait_ms = (now_ns() - t0) / 1000000;
	cr->stuck = left > 0 ? left : 0;
	if (left <= 0 || !path)
		return left;
	/*
	 * Some pages will not go although the defer lists were flushed
	 * (skbflush.h): something else holds them, and waiting longer is no
	 * cure.  A new inode has none of them.
	 */
	if (fresh_copy(fd, path, (uint64_t)st.st_size) < 0) {
		cr->copy_errno = errno;
		return left;
	}
	cr->fresh_copy = true;
	return cache_resident_pages(fd, (uint64_t)st.st_size);
}

/* Read fd from start to size through buf; 0, or -1 when it ended early. */
static int read_through(int fd, uint64_t size, char *buf)
{
	uint64_t off = 0;

	while (off < size) {
		ssize_t r = pread(fd, buf, IO_BLOCK, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		off += (uint64_t)r;
	}
	return 0;
}

/*
 * Read the file into the page cache, and again while mincore() misses
 * some of it, for up to COLD_WAIT_MS: a reclaimer may take a page back at
 * once (DAMON's pageout scheme pages out unmapped file pages in regions
 * it found idle, a page read a moment ago among them).  The caller counts
 * what stayed.
 */
int cache_make_warm(const char *path, uint64_t size)
{
	/* Its own fd, so that the demo's fd keeps a fresh readahead state. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = malloc(IO_BLOCK);
	long page = sysconf(_SC_PAGESIZE);
	int64_t pages = (int64_t)((size + (uint64_t)page - 1) / (uint64_t)page);
	uint64_t deadline = now_ns() + (uint64_t)COLD_WAIT_MS * 1000000;
	int64_t got;
	int ret = -1;

	if (fd < 0 || !buf)
		goto out;
	while (!(ret = read_through(fd, size, buf)) &&
	       (got = cache_resident_pages(fd, size)) >= 0 && got < pages &&
	       now_ns() < deadline)
		usleep(COLD_POLL_MS * 1000);
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	return ret;
}

int64_t cache_resident_pages(int fd, uint64_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t pages = (size_t)((size + (uint64_t)page - 1) / (uint64_t)page);
	unsigned char *vec;
	int64_t n = 0;
	void *map;

	if (size == 0)
		return 0;
	/* Mapping does not fault anything in; mincore only looks. */
	map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return -1;
	vec = malloc(pages);
	if (!vec || mincore(map, size, vec) < 0) {
		n = -1;
		goto out;
	}
	for (size_t i = 0; i < pages; i++)
		n += vec[i] & 1;
out:
	free(vec);
	munmap(map, size);
	return n;
}

int scratch_file(const char *dir)
{
	char tmp[4200];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 ||
	    (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	snprintf(tmp, sizeof(tmp), "%s/copyscope-out.XXXXXX", dir);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd >= 0)
		unlink(tmp);
	return fd;
}
