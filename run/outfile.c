// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* outfile.c - output files whose failures are said at once (see outfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/outfile.h"

struct outfile {
	FILE *f;
	int fd;
	int err; /* the first write's errno, 0 */
	bool quiet;
	const char *who;
	char path[PATH_MAX];
};

/* A run writes a handful: -o, --record, a report's two per demo. */
#define MAX_OUTFILES 8
static struct outfile files[MAX_OUTFILES];
static bool any_failed;

static void failed(struct outfile *o, int err)
{
	if (o->err)
		return;
	o->err = err;
	any_failed = true;
	if (!o->quiet)
		fprintf(stderr, "%s: writing %s failed: %s\n", o->who, o->path,
			strerror(err));
}

static ssize_t cookie_write(void *c, const char *buf, size_t size)
{
	struct outfile *o = c;
	size_t done = 0;

	/* after the first failure the rest is dropped: it is said once */
	if (o->err) {
		errno = o->err;
		return -1;
	}
	while (done < size) {
		ssize_t n = write(o->fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			failed(o, n < 0 ? errno : ENOSPC);
			errno = o->err;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)size;
}

static int cookie_close(void *c)
{
	struct outfile *o = c;
	int ret = 0;

	if (close(o->fd) && !o->err) {
		failed(o, errno); /* NFS says it here */
		ret = -1;
	}
	o->f = NULL;
	return ret;
}

FILE *outfile_open(const char *who, const char *path, bool quiet)
{
	cookie_io_functions_t io = { .write = cookie_write,
				     .close = cookie_close };
	struct outfile *o = NULL;
	int fd;

	for (int i = 0; i < MAX_OUTFILES && !o; i++)
		if (!files[i].f)
			o = &files[i];
	if (!o) {
		errno = EMFILE;
		return NULL;
	}
	/*
	 * Past RLIMIT_FSIZE a write raises SIGXFSZ, which would end
	 * copyscope with nothing said: ignored, the write fails with EFBIG.
	 */
	signal(SIGXFSZ, SIG_IGN);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return NULL;
	*o = (struct outfile){ .fd = fd, .quiet = quiet, .who = who };
	snprintf(o->path, sizeof(o->path), "%s", path);
	o->f = fopencookie(o, "w", io);
	if (!o->f) {
		close(fd);
		return NULL;
	}
	return o->f;
}

static struct outfile *find(FILE *f)
{
	for (int i = 0; i < MAX_OUTFILES; i++)
		if (f && files[i].f == f)
			return &files[i];
	return NULL;
}

int outfile_error(FILE *f)
{
	struct outfile *o = find(f);

	return o ? o->err : 0;
}

bool outfile_failed(void)
{
	return any_failed;
}

int outfile_close(FILE *f)
{
	struct outfile *o = find(f);
	int err;

	if (!o)
		return fclose(f) ? errno : 0;
	fflush(f);
	err = o->err;
	if (fclose(f) && !err)
		err = o->err ? o->err : errno;
	return err;
}
