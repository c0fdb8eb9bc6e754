/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_CLEANUP_H
#define COPYSCOPE_DEMOS_CLEANUP_H

/*
 * What a demo must undo however it ends: child processes to kill, files to
 * remove.  cleanup_exit() runs it on every exit path; SIGINT, SIGTERM and
 * SIGHUP run it too.  (SIGKILL cannot be caught: children die with the demo
 * through PR_SET_PDEATHSIG, namespaces are anonymous and die with their last
 * process, and scratch files are O_TMPFILE where possible.)
 */

#include <sys/types.h>

/* Install the signal handlers; SIGPIPE is ignored (errors come back as EPIPE).
 */
void cleanup_init(void);

/* Kill (SIGKILL) and reap this child when the demo exits before reaping it. */
void cleanup_add_pid(pid_t pid);
void cleanup_del_pid(pid_t pid);

/* Remove this file when the demo exits (path is copied). */
void cleanup_add_path(const char *path);
void cleanup_del_path(const char *path);

/* Run the clean-up and exit with code. */
void cleanup_exit(int code) __attribute__((noreturn));

/*
 * In a freshly forked child: forget the parent's clean-up list, restore
 * default signal actions, and die with the parent (PR_SET_PDEATHSIG).
 * Returns -1 if the parent is already gone.
 */
int cleanup_child(pid_t parent);

#endif /* COPYSCOPE_DEMOS_CLEANUP_H */
