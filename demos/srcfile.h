/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_SRCFILE_H
#define COPYSCOPE_DEMOS_SRCFILE_H

/*
 * The file every demo sends: created once with the verifiable pattern
 * (demos/pattern.h), reused by later runs, and put in the page-cache state
 * the run asks for.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Open path for reading, creating it first if it does not exist or holds the
 * pattern at another size.  A file that exists but does not hold the pattern
 * is never overwritten.  The file appears atomically (O_TMPFILE + linkat, or
 * a temporary name + rename), so a failed or killed creation leaves nothing.
 * Returns the fd, or -1 with a message for a human in err.
 */
int source_open(const char *path, uint64_t size, char *err, size_t errlen);

/*
 * Write size bytes of the pattern into fd from offset 0 and fsync.
 * Returns 0, or -1 with errno set (ENOSPC for a full disk) and *done = bytes
 * written before the failure.
 */
int pattern_write_fd(int fd, uint64_t size, uint64_t *done);

/* What cache_make_cold() found and did. */
struct cold_result {
	int64_t stuck; /* pages still cached after the bounded wait */
	uint64_t wait_ms; /* how long it kept evicting */
	bool fresh_copy; /* path was replaced by a fresh copy (a new inode) */
	int copy_errno; /* why a fresh copy failed, or 0 */
};

/*
 * Cold: write back and evict this file's pages, and only this file's
 * (posix_fadvise DONTNEED), repeating for up to a second while mincore()
 * still sees some.  If pages stay (referenced by something else: socket
 * buffers of an earlier sendfile that the kernel has not freed yet) and
 * path is not NULL, the file at path is replaced by a fresh copy of itself,
 * a new inode with nothing cached, which takes fd's place (same number,
 * read-only).  cr (may be NULL) says what happened.
 * Returns the pages still cached (0: cold), or -1 with errno set.
 *
 * Warm: read the whole file once.  Returns 0, or -1 with errno set.
 */
int64_t cache_make_cold(int fd, const char *path, struct cold_result *cr);
int cache_make_warm(const char *path, uint64_t size);

/* How many of the file's pages are in the page cache (mincore), or -1. */
int64_t cache_resident_pages(int fd, uint64_t size);

/*
 * The default file, DIR/copyscope-demo-<size>.dat: DIR is the first of
 * $TMPDIR, /var/tmp and the working directory on a disk, else $TMPDIR (or
 * /tmp); in /var/tmp, the user's own /var/tmp/copyscope-<uid>/ (made 0700;
 * refused when it is not a directory owned by the user and closed to
 * others).  Returns 0, or -1 with a sentence in err.
 */
int source_default_path(char *buf, size_t len, uint64_t size, char *err,
			size_t errlen);

/* The directory part of path ("." if none), in buf. */
void dir_of(const char *path, char *buf, size_t len);

/*
 * An unnamed file for writing in directory dir (O_TMPFILE): it disappears
 * when closed, however the demo ends.  Falls back to a named temporary file
 * that is unlinked at once.  Returns the fd or -1 with errno set.
 */
int scratch_file(const char *dir);

#endif /* COPYSCOPE_DEMOS_SRCFILE_H */
