/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * outfile.h - files copyscope writes (-o, --record, export -o, a report's
 * --record-dir): a write that fails (ENOSPC, EIO, EFBIG, ...) is said at
 * once on stderr, with the path and the reason, not found out at fclose()
 * when the run is over, or never.
 *
 * The FILE is a stdio stream like any other (fopencookie): every writer,
 * the views included, uses it unchanged.  What stdio buffers reaches the
 * file a buffer at a time, so a failure is seen within one buffer of the
 * record that hit it; outfile_failed() tells the loop to stop.
 */
#ifndef COPYSCOPE_OUTFILE_H
#define COPYSCOPE_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

/* the exit status when an output could not be written (EX_IOERR) */
#define EXIT_OUTPUT 74

/*
 * Create (truncate) path for writing.  who names the command in messages
 * ("copyscope trace").  NULL with errno set when it cannot be opened; the
 * caller says so.  Quiet: failures are not printed (the TUI owns the
 * terminal) but still counted.
 */
FILE *outfile_open(const char *who, const char *path, bool quiet);

/* 0 while every write to f (an outfile) succeeded; else the first errno. */
int outfile_error(FILE *f);

/* Whether any write to any outfile has failed. */
bool outfile_failed(void);

/*
 * Flush and close f: 0, or the errno of the first failure (said at once
 * when it happened, or now if it is the close that failed).
 */
int outfile_close(FILE *f);

#endif
