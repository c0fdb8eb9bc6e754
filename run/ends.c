// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ends.c - CS_EV_ENDPOINT records from /proc (ends.h).
 *
 * A descriptor is looked at through an O_PATH open of /proc/PID/fd/N: the
 * descriptor we get holds the very file the process's fd held at that
 * moment, so its fstat() and the path /proc/self/fd gives for it are of
 * one file, whatever the process does meanwhile; and O_PATH opens nothing
 * (a device's open would run its driver, a FIFO's would wait).  The file
 * must still be the record's (dev, ino): a descriptor closed and reused
 * since names nothing, and the record's short name stays.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi/syscalls.h"
#include "run/ends.h"
#include "run/ends_net.h"
#include "run/privilege.h"

#define KEY_SETS 4096
#define KEY_WAYS 4
#define MAX_TRIES 4 /* asks for an end that could not be named yet */
/* questions unanswered at most: their answers fit the socket's buffer */
#define MAX_PENDING 128

enum key_state { KEY_EMPTY = 0, KEY_TRYING, KEY_PENDING, KEY_DONE };

/* An end already seen: named, asked for, or how often it was in vain. */
struct key {
	uint64_t ino;
	uint64_t asked_ts; /* when it was last looked for, in vain */
	uint32_t dev;
	int32_t asked_fd; /* through which descriptor */
	uint8_t state; /* enum key_state */
	uint8_t tries;
};

/* What the resolver is asked: the end of one system call record. */
struct ask {
	uint64_t ts, ino; /* the record's time; the end's inode */
	uint32_t pid, tgid, dev;
	int32_t fd;
	uint16_t fflags;
	uint8_t kind, pad;
	uint32_t pad2;
};

/* Its answer, with the question (the helper answers in its own time). */
struct answer {
	struct ask q;
	uint64_t looked_ts; /* when /proc was read */
	uint64_t ns, tables; /* the resolver's time and tables so far */
	int32_t verdict; /* enum ends_verdict */
	uint32_t pad;
	char text[CS_ENDPOINT_LEN];
};

struct ends {
	struct key *keys; /* KEY_SETS * KEY_WAYS */
	unsigned next_way; /* which way a full set gives up */
	int sock; /* to the helper; -1: resolve here */
	pid_t helper;
	unsigned pending; /* questions the helper has not answered */
	bool broken; /* the helper went away: no more names */
	struct net_tables nt; /* resolving here */
	struct ends_stats st;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- the resolver: here, or in the helper ---------------------------- */

/* A path into text; a long one keeps its tail, where the file's name is. */
static void path_text(char text[CS_ENDPOINT_LEN], const char *p, size_t n)
{
	if (n < CS_ENDPOINT_LEN) {
		memcpy(text, p, n);
		text[n] = 0;
		return;
	}
	memcpy(text, "...", 3);
	memcpy(text + 3, p + n - (CS_ENDPOINT_LEN - 4), CS_ENDPOINT_LEN - 4);
	text[CS_ENDPOINT_LEN - 1] = 0;
}

static enum ends_verdict resolve(struct net_tables *nt, const struct ask *q,
				 char text[CS_ENDPOINT_LEN])
{
	char path[64], link[4096];
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%u/fd/%d", q->pid, q->fd);
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return ENDS_LATER; /* closed already, or the process gone */
	if (fstat(fd, &st) || (uint64_t)st.st_ino != q->ino ||
	    major(st.st_dev) != q->dev >> 20 ||
	    minor(st.st_dev) != (q->dev & 0xfffff)) {
		close(fd);
		return ENDS_LATER; /* another file in that slot now */
	}
	if (q->kind == CS_FD_SOCKET) {
		close(fd);
		return net_find(nt, (pid_t)q->pid, net_table_of(q->fflags),
				q->ino, q->ts, text);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link));
	close(fd);
	if (n <= 0)
		return ENDS_LATER;
	/* an unnamed pipe: "pipe:[1234]", its inode is in the record */
	if (q->kind == CS_FD_PIPE && !strncmp(link, "pipe:[", 6))
		snprintf(text, CS_ENDPOINT_LEN, "pipe");
	else
		path_text(text, link, (size_t)n);
	return ENDS_NAMED;
}

/* q's answer into a; a->ns, the time spent looking, adds up answer by answer.
 */
static void answer(struct net_tables *nt, const struct ask *q, struct answer *a)
{
	uint64_t ns = a->ns;

	memset(a, 0, sizeof(*a));
	a->q = *q;
	a->looked_ts = now_ns();
	a->verdict = (int32_t)resolve(nt, q, a->text);
	a->ns = ns + (now_ns() - a->looked_ts);
	a->tables = nt->reads;
}

/* The helper's life: questions in, answers out, until copyscope goes. */
static void helper_main(int sock, pid_t parent)
{
	struct net_tables nt;
	struct answer a;
	struct ask q;

	signal(SIGINT, SIG_IGN); /* Ctrl-C is for copyscope: it says when */
	signal(SIGTERM, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(0);
	/* in ps, and apart from copyscope for pgrep -x copyscope */
	prctl(PR_SET_NAME, "copyscope-ends");
	/* nothing of copyscope's but this socket: no ring buffer, no map,
	 * no pipe whose end it would keep open */
	if (sock > 3)
		close_range(3, (unsigned)sock - 1, 0);
	close_range((unsigned)sock + 1, ~0u, 0);
	if (priv_drop(PRIV_PROC))
		_exit(1);
	memset(&nt, 0, sizeof(nt));
	memset(&a, 0, sizeof(a));
	while (recv(sock, &q, sizeof(q), 0) == (ssize_t)sizeof(q)) {
		answer(&nt, &q, &a);
		if (send(sock, &a, sizeof(a), MSG_NOSIGNAL) != sizeof(a))
			break;
	}
	_exit(0);
}

static int helper_start(struct ends *e)
{
	pid_t parent = getpid();
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -errno;
	fflush(NULL);
	e->helper = fork();
	if (e->helper < 0) {
		close(sv[0]);
		close(sv[1]);
		return -errno;
	}
	if (e->helper == 0) {
		close(sv[0]);
		helper_main(sv[1], parent);
	}
	close(sv[1]);
	e->sock = sv[0];
	return 0;
}

/* ---- the table of ends seen --------------------------------------------- */

/* The slot of (dev, ino): its own, or a free or given-up one made its. */
static struct key *key_slot(struct ends *e, uint32_t dev, uint64_t ino)
{
	uint64_t h =
		(ino ^ ((uint64_t)dev << 32 | dev)) * 0x9e3779b97f4a7c15ull;
	struct key *set = &e->keys[((h >> 32) & (KEY_SETS - 1)) * KEY_WAYS];
	struct key *k = NULL;

	for (unsigned i = 0; i < KEY_WAYS; i++) {
		if (set[i].state != KEY_EMPTY && set[i].dev == dev &&
		    set[i].ino == ino)
			return &set[i];
		if (!k && set[i].state == KEY_EMPTY)
			k = &set[i];
	}
	/* full: a name made again later is a record more, nothing worse */
	if (!k)
		k = &set[e->next_way++ % KEY_WAYS];
	memset(k, 0, sizeof(*k));
	k->dev = dev;
	k->ino = ino;
	k->state = KEY_TRYING;
	return k;
}

/* An answer: the end is named (a record to fn), or asked for again later. */
static void settle(struct ends *e, const struct answer *a, cs_record_fn fn,
		   void *data)
{
	struct key *k = key_slot(e, a->q.dev, a->q.ino);
	struct cs_endpoint r;

	e->st.ns = a->ns;
	e->st.tables = a->tables;
	if (a->verdict == ENDS_LATER) {
		k->state = KEY_TRYING;
		k->tries++;
		k->asked_ts = a->looked_ts;
		k->asked_fd = a->q.fd;
		return;
	}
	k->state = KEY_DONE;
	if (a->verdict != ENDS_NAMED)
		return;
	memset(&r, 0, sizeof(r));
	r.h.ts = a->q.ts;
	r.h.type = CS_EV_ENDPOINT;
	r.h.size = sizeof(r);
	r.h.pid = a->q.pid;
	r.h.tgid = a->q.tgid;
	r.ino = a->q.ino;
	r.dev = a->q.dev;
	r.fd = a->q.fd;
	r.kind = a->q.kind;
	r.fflags = a->q.fflags;
	memcpy(r.text, a->text, sizeof(r.text));
	r.text[sizeof(r.text) - 1] = 0;
	e->st.named++;
	fn(&r.h, data);
}

static bool worth_naming(uint8_t kind)
{
	return kind == CS_FD_FILE || kind == CS_FD_SOCKET ||
	       kind == CS_FD_PIPE || kind == CS_FD_CHR || kind == CS_FD_BLK;
}

/* Ask for end i of a system call record, if there is news to ask for. */
static void one_end(struct ends *e, const struct cs_syscall *sc, int i,
		    cs_record_fn fn, void *data)
{
	const struct cs_file *f = &sc->file[i];
	struct answer a;
	struct key *k;
	struct ask q;

	e->st.looked++;
	k = key_slot(e, f->dev, f->ino);
	if (k->state != KEY_TRYING || k->tries >= MAX_TRIES)
		return;
	/* the last look came after this call: it saw what there is to see */
	if (k->tries && k->asked_fd == sc->fd[i] && sc->h.ts < k->asked_ts)
		return;
	memset(&q, 0, sizeof(q));
	q.ts = sc->h.ts;
	q.ino = f->ino;
	q.dev = f->dev;
	q.pid = sc->h.pid;
	q.tgid = sc->h.tgid;
	q.fd = sc->fd[i];
	q.kind = f->kind;
	q.fflags = f->fflags;
	if (e->sock < 0) {
		e->st.asked++;
		a.ns = e->st.ns;
		answer(&e->nt, &q, &a);
		settle(e, &a, fn, data);
		return;
	}
	/* the helper answers in its own time: ends_poll() takes it, or
	 * this, when as many as the socket holds are waiting */
	if (e->pending >= MAX_PENDING)
		ends_poll(e, fn, data, 0);
	if (e->broken || e->pending >= MAX_PENDING)
		return;
	if (send(e->sock, &q, sizeof(q), MSG_NOSIGNAL | MSG_DONTWAIT) !=
	    sizeof(q)) {
		e->broken = errno != EAGAIN;
		return;
	}
	e->st.asked++;
	e->pending++;
	k->state = KEY_PENDING;
}

void ends_poll(struct ends *e, cs_record_fn fn, void *data, int wait_ms)
{
	uint64_t until = now_ns() + (uint64_t)wait_ms * 1000000ull;
	struct answer a;
	ssize_t n;

	if (!e || e->sock < 0)
		return;
	while (!e->broken && e->pending) {
		n = recv(e->sock, &a, sizeof(a), MSG_DONTWAIT);
		if (n == (ssize_t)sizeof(a) &&
		    (unsigned)a.verdict <= ENDS_NEVER) {
			e->pending--;
			settle(e, &a, fn, data);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd p = { .fd = e->sock, .events = POLLIN };
			uint64_t now = now_ns();

			if (now >= until ||
			    poll(&p, 1, (int)((until - now) / 1000000 + 1)) < 0)
				break;
			continue;
		}
		/* gone, or talking nonsense: the names so far stay */
		e->broken = true;
		kill(e->helper, SIGKILL);
	}
}

void ends_record(struct ends *e, const struct cs_hdr *rec, cs_record_fn fn,
		 void *data)
{
	const struct cs_syscall *sc = (const void *)rec;

	/* close: the descriptor is gone; socket: nothing to name yet (no
	 * address), and a look would read the whole table in vain */
	if (!e || rec->type != CS_EV_SYSCALL || rec->size < sizeof(*sc) ||
	    sc->nr == NR_close || sc->nr == NR_socket)
		return;
	for (int i = 0; i < 2; i++) {
		const struct cs_file *f = &sc->file[i];

		if (sc->fd[i] < 0 || !worth_naming(f->kind) ||
		    (i && f->dev == sc->file[0].dev &&
		     f->ino == sc->file[0].ino))
			continue;
		one_end(e, sc, i, fn, data);
	}
}

struct ends *ends_new(bool helper)
{
	struct ends *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->sock = -1;
	e->keys = calloc(KEY_SETS * KEY_WAYS, sizeof(*e->keys));
	if (!e->keys || (helper && helper_start(e))) {
		free(e->keys);
		free(e);
		return NULL;
	}
	return e;
}

void ends_free(struct ends *e)
{
	if (!e)
		return;
	if (e->sock >= 0) {
		close(e->sock); /* the helper reads the end of its questions */
		waitpid(e->helper, NULL, 0);
	}
	net_tables_free(&e->nt);
	free(e->keys);
	free(e);
}

void ends_stats(const struct ends *e, struct ends_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (e)
		*out = e->st;
}
