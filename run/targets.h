/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * targets.h - which processes a session traces, chosen the way ps, pidof
 * and systemd users choose them: pids (with the trees under them), names
 * (comm, as libbpf-tools' -c), a cgroup v2 directory.  The running ones
 * are found in /proc; the kernel side picks up those that start later.
 */
#ifndef COPYSCOPE_TARGETS_H
#define COPYSCOPE_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "abi/copyscope.h"

#define TARGETS_MAX_PIDS 64
#define TARGETS_MAX_NAMES 8 /* the kernel side's comm_match map */

struct targets {
	pid_t pids[TARGETS_MAX_PIDS]; /* -p, in order, no repeats */
	size_t npids;
	const char *names[TARGETS_MAX_NAMES]; /* -n: compared as the kernel
						 keeps comm, 15 bytes */
	size_t nnames;
	const char *cgroup; /* --cgroup: a cgroup v2 directory */
};

/* A process running when tracing began, as /proc names it. */
struct target_proc {
	pid_t pid;
	char comm[CS_COMM_LEN];
	char path[CS_PATH_LEN]; /* its program; "" when /proc hides it */
};

static inline bool targets_any(const struct targets *t)
{
	return t->npids || t->nnames || t->cgroup;
}

/* Add pids from "123,456" (one -p); 0, or -1 with a sentence in err. */
int targets_add_pids(struct targets *t, const char *list, char *err,
		     size_t errlen);
/* Add one -n name; 0, or -1 with a sentence in err. */
int targets_add_name(struct targets *t, const char *name, char *err,
		     size_t errlen);

/*
 * Check the targets against the system before anything is loaded: every
 * pid exists, every name is a running process's or a program's in PATH
 * (one that may start later), the cgroup is a cgroup v2 directory.  0 and
 * the cgroup's id (its inode number: kernfs uses the node id as both), or
 * -1 with one sentence in err (bad input: exit status 2).  note gets a
 * sentence worth telling the user ("" when none), e.g. that a name has no
 * process yet.
 */
int targets_check(const struct targets *t, uint64_t *cgroup_id, char *note,
		  size_t notelen, char *err, size_t errlen);

/*
 * Every running process the targets select: the listed pids, their
 * descendants when follow, processes with a listed name, members of the
 * cgroup.  copyscope itself is never one.  Returns how many (in *out,
 * free() it), or a negative errno.
 */
ssize_t targets_scan(const struct targets *t, bool follow,
		     struct target_proc **out);

/* "pid 12 and its children", "processes named nginx", ... for a status
 * line. */
void targets_describe(const struct targets *t, bool follow, char *buf,
		      size_t len);

/* The kernel's comm of a name: at most 15 bytes, NUL-padded. */
void targets_comm_key(const char *name, char key[CS_COMM_LEN]);

#endif
