// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * targets.c - the processes a session traces, found in /proc.
 *
 * A process tree is found from each process's parent in /proc/PID/stat,
 * in passes until no process joins: a child listed before its parent (pid
 * reuse wraps) joins in a later pass.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "run/targets.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

void targets_comm_key(const char *name, char key[CS_COMM_LEN])
{
	memset(key, 0, CS_COMM_LEN);
	strncpy(key, name, CS_COMM_LEN - 1);
}

int targets_add_pids(struct targets *t, const char *list, char *err,
		     size_t errlen)
{
	const char *s = list;

	if (!list || !*list) {
		snprintf(err, errlen, "-p needs a process id");
		return -1;
	}
	for (;;) {
		char *end;
		long pid;
		size_t i;

		errno = 0;
		pid = strtol(s, &end, 10);
		if (end == s || errno || pid <= 0 || pid > INT_MAX ||
		    (*end && *end != ',')) {
			snprintf(err, errlen,
				 "'%s' is not a list of process ids", list);
			return -1;
		}
		for (i = 0; i < t->npids && t->pids[i] != pid; i++)
			;
		if (i == t->npids) {
			if (t->npids == TARGETS_MAX_PIDS) {
				snprintf(err, errlen, "at most %d pids",
					 TARGETS_MAX_PIDS);
				return -1;
			}
			t->pids[t->npids++] = (pid_t)pid;
		}
		if (!*end)
			return 0;
		s = end + 1;
	}
}

int targets_add_name(struct targets *t, const char *name, char *err,
		     size_t errlen)
{
	if (!name || !*name) {
		snprintf(err, errlen, "-n needs a process name");
		return -1;
	}
	if (t->nnames == TARGETS_MAX_NAMES) {
		snprintf(err, errlen, "at most %d names", TARGETS_MAX_NAMES);
		return -1;
	}
	t->names[t->nnames++] = name;
	return 0;
}

/* One process of /proc: its parent and name. */
struct pinfo {
	pid_t pid, ppid;
	char comm[CS_COMM_LEN];
	bool in;
};

/* pid's name and parent from /proc/PID/stat; false when it is gone. */
static bool read_stat(pid_t pid, struct pinfo *p)
{
	char path[64], buf[512], *lp, *rp;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	/* the name may hold ')' and spaces: it ends at the last ')' */
	lp = strchr(buf, '(');
	rp = strrchr(buf, ')');
	if (!lp || !rp || rp < lp || rp[1] != ' ')
		return false;
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%.*s",
		 (int)(rp - lp - 1 < CS_COMM_LEN - 1 ? rp - lp - 1 :
						       CS_COMM_LEN - 1),
		 lp + 1);
	/* ") S PPID ..." */
	if (sscanf(rp + 2, "%*c %d", &p->ppid) != 1)
		return false;
	return true;
}

/* Every process in /proc; returns how many (in *out), or -errno. */
static ssize_t list_procs(struct pinfo **out)
{
	struct pinfo *v = NULL, *nv;
	size_t n = 0, cap = 0;
	struct dirent *d;
	DIR *dir;

	dir = opendir("/proc");
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		char *end;
		long pid = strtol(d->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				closedir(dir);
				return -ENOMEM;
			}
			v = nv;
		}
		if (read_stat((pid_t)pid, &v[n]))
			n++;
	}
	closedir(dir);
	*out = v;
	return (ssize_t)n;
}

static bool comm_is(const char *comm, const char *name)
{
	char key[CS_COMM_LEN];

	targets_comm_key(name, key);
	return !strncmp(comm, key, CS_COMM_LEN);
}

/* An executable file in PATH whose comm would be name. */
static bool program_named(const char *name)
{
	const char *path = getenv("PATH");
	char key[CS_COMM_LEN];
	struct dirent *d;

	targets_comm_key(name, key);
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	while (*path) {
		size_t len = strcspn(path, ":");
		char dirname[PATH_MAX];
		DIR *dir;

		snprintf(dirname, sizeof(dirname), "%.*s", (int)len, path);
		path += len + (path[len] == ':');
		dir = opendir(dirname);
		if (!dir)
			continue;
		while ((d = readdir(dir))) {
			char full[PATH_MAX + 256];

			/* the kernel names a process by its program's first
			 * 15 bytes */
			if (strncmp(d->d_name, key, CS_COMM_LEN - 1) ||
			    (strlen(key) < CS_COMM_LEN - 1 &&
			     strcmp(d->d_name, key)))
				continue;
			snprintf(full, sizeof(full), "%s/%s", dirname,
				 d->d_name);
			if (!access(full, X_OK)) {
				closedir(dir);
				return true;
			}
		}
		closedir(dir);
	}
	return false;
}

int targets_check(const struct targets *t, uint64_t *cgroup_id, char *note,
		  size_t notelen, char *err, size_t errlen)
{
	struct pinfo *procs = NULL;
	ssize_t n = 0;

	*cgroup_id = 0;
	if (notelen)
		note[0] = 0;
	for (size_t i = 0; i < t->npids; i++) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d", (int)t->pids[i]);
		if (access(path, F_OK)) {
			snprintf(err, errlen, "no process with pid %d",
				 (int)t->pids[i]);
			return -1;
		}
	}
	if (t->nnames) {
		n = list_procs(&procs);
		if (n < 0) {
			snprintf(err, errlen, "cannot read /proc: %s",
				 strerror((int)-n));
			return -1;
		}
	}
	for (size_t i = 0; i < t->nnames; i++) {
		ssize_t k;

		for (k = 0; k < n && !comm_is(procs[k].comm, t->names[i]); k++)
			;
		if (k < n)
			continue;
		if (!program_named(t->names[i])) {
			snprintf(
				err, errlen,
				"no process is named '%.15s', and no program in PATH has that name",
				t->names[i]);
			free(procs);
			return -1;
		}
		snprintf(
			note, notelen,
			"no process is named '%.15s' yet: tracing those that start",
			t->names[i]);
	}
	free(procs);
	if (t->cgroup) {
		struct statfs fs;
		struct stat st;

		if (stat(t->cgroup, &st)) {
			snprintf(err, errlen, "no cgroup directory %s: %s",
				 t->cgroup, strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s is not a directory",
				 t->cgroup);
			return -1;
		}
		if (statfs(t->cgroup, &fs) ||
		    fs.f_type != CGROUP2_SUPER_MAGIC) {
			snprintf(
				err, errlen,
				"%s is not a cgroup v2 directory (see where cgroup2 is mounted in /proc/mounts)",
				t->cgroup);
			return -1;
		}
		/* kernfs gives a cgroup's directory its id as inode number */
		*cgroup_id = st.st_ino;
	}
	return 0;
}

/* Mark the members of the cgroup (its cgroup.procs). */
static void mark_cgroup(const char *dir, struct pinfo *v, ssize_t n)
{
	char path[PATH_MAX];
	FILE *f;
	int pid;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fscanf(f, "%d", &pid) == 1)
		for (ssize_t k = 0; k < n; k++)
			if (v[k].pid == pid)
				v[k].in = true;
	fclose(f);
}

ssize_t targets_scan(const struct targets *t, bool follow,
		     struct target_proc **out)
{
	struct target_proc *r;
	struct pinfo *v;
	ssize_t n, k, m = 0;
	pid_t self = getpid();
	bool more;

	n = list_procs(&v);
	if (n < 0)
		return n;
	for (k = 0; k < n; k++) {
		for (size_t i = 0; i < t->npids; i++)
			if (v[k].pid == t->pids[i])
				v[k].in = true;
		for (size_t i = 0; i < t->nnames; i++)
			if (comm_is(v[k].comm, t->names[i]))
				v[k].in = true;
	}
	if (t->cgroup)
		mark_cgroup(t->cgroup, v, n);
	/* the trees under what is chosen: children forked before the trace */
	do {
		more = false;
		for (k = 0; follow && k < n; k++) {
			if (v[k].in)
				continue;
			for (ssize_t j = 0; j < n; j++)
				if (v[j].in && v[j].pid == v[k].ppid) {
					v[k].in = more = true;
					break;
				}
		}
	} while (more);
	r = calloc(n ? n : 1, sizeof(*r));
	if (!r) {
		free(v);
		return -ENOMEM;
	}
	for (k = 0; k < n; k++) {
		char link[64];
		char exe[PATH_MAX];
		ssize_t len;

		if (!v[k].in || v[k].pid == self)
			continue;
		r[m].pid = v[k].pid;
		memcpy(r[m].comm, v[k].comm, sizeof(r[m].comm));
		snprintf(link, sizeof(link), "/proc/%d/exe", (int)v[k].pid);
		len = readlink(link, exe, sizeof(exe) - 1);
		if (len > 0) {
			/* as the exec record keeps it: the tail */
			size_t skip = (size_t)len >= CS_PATH_LEN ?
					      (size_t)len - (CS_PATH_LEN - 1) :
					      0;

			exe[len] = 0;
			snprintf(r[m].path, sizeof(r[m].path), "%s",
				 exe + skip);
		}
		m++;
	}
	free(v);
	*out = r;
	return m;
}

void targets_describe(const struct targets *t, bool follow, char *buf,
		      size_t len)
{
	size_t used = 0;

	buf[0] = 0;
#define PUT(...)                                                               \
	do {                                                                   \
		if (used < len)                                                \
			used += snprintf(buf + used, len - used, __VA_ARGS__); \
	} while (0)
	for (size_t i = 0; i < t->npids; i++)
		PUT("%s%d", i ? "," : (t->npids > 1 ? "pids " : "pid "),
		    (int)t->pids[i]);
	if (t->npids && follow)
		PUT(" and %s children", t->npids > 1 ? "their" : "its");
	for (size_t i = 0; i < t->nnames; i++)
		PUT("%s'%.15s'",
		    i ? "," :
			(used ? "; processes named " : "processes named "),
		    t->names[i]);
	if (t->cgroup)
		PUT("%scgroup %s", used ? "; " : "", t->cgroup);
#undef PUT
}
