// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * serve.c - the tracing service (serve.h).
 *
 * One probe for every client: the kernel filter is the probe's traced set,
 * holding only the processes clients asked for (each checked to run as
 * the client's real uid, from SO_PEERCRED) and their children, which the
 * fork handler adds.  Records are routed by tgid to the client whose
 * process made them, into that client's own buffer: a client that does
 * not read loses its own records (counted, and told), never another's.
 * The service never blocks on a client.  A client that goes away, however
 * it dies, takes its processes out of the filter and frees its buffer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "abi/record.h"
#include "bpf/probe.h"
#include "run/serve.h"
#include "run/serve_proto.h"

#define MAX_CLIENTS 128
#define CLIENT_BUF_DEFAULT (4u << 20)
#define POLL_MS 10
#define CTL_FD_MAX (1 << 20) /* the kernel's largest nr_open */

struct client {
	int fd;
	uid_t uid;
	pid_t peer;
	uint32_t *tgids, *tids; /* its processes, and their threads */
	size_t ntgids, ntids, cap_tgids, cap_tids;
	char *buf; /* messages waiting to be sent: buf[head, len) */
	size_t head, len;
	uint64_t lost;
	bool entry_times; /* it asked for -T */
	bool ending; /* END queued: close once it is sent */
	unsigned char in[sizeof(struct srv_trace)];
	size_t inlen;
};

static struct {
	const struct serve_opts *o;
	struct cs_probe *probe;
	char release[64]; /* the kernel's, told to clients */
	int entry_clients; /* clients that asked for -T */
	struct client *c[MAX_CLIENTS];
	int n;
} S;

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

int serve_real_uid(pid_t pid, uid_t *uid)
{
	char path[64], line[256];
	unsigned int r;
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Uid: %u", &r) == 1) {
			*uid = r;
			ret = 0;
			break;
		}
	fclose(f);
	return ret;
}

static int add_id(uint32_t **v, size_t *n, size_t *cap, uint32_t id)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == id)
			return 0;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		uint32_t *nv = realloc(*v, nc * sizeof(*nv));

		if (!nv)
			return -1;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = id;
	return 0;
}

static void del_id(uint32_t *v, size_t *n, uint32_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (v[i] == id) {
			v[i] = v[--*n];
			return;
		}
}

static void route(const struct cs_hdr *rec, void *data);

static struct client *owner_of(uint32_t tgid)
{
	for (int i = 0; i < S.n; i++)
		for (size_t k = 0; k < S.c[i]->ntgids; k++)
			if (S.c[i]->tgids[k] == tgid)
				return S.c[i];
	return NULL;
}

/*
 * Room kept in each buffer for replies, counters and END: records never
 * take it, so what a client must hear always fits.
 */
#define REPLY_ROOM (64u << 10)

/* Queue one message for c if it fits in limit bytes of its buffer. */
static int queue(struct client *c, const void *msg, size_t len, size_t limit)
{
	if (c->len - c->head + len > limit)
		return -1;
	if (c->len + len > S.o->client_buf) {
		memmove(c->buf, c->buf + c->head, c->len - c->head);
		c->len -= c->head;
		c->head = 0;
	}
	memcpy(c->buf + c->len, msg, len);
	c->len += len;
	return 0;
}

/* A record: lost for c alone, and counted, when its buffer is full. */
static void queue_record(struct client *c, const void *msg, size_t len)
{
	if (queue(c, msg, len, S.o->client_buf - REPLY_ROOM))
		c->lost++;
}

static void queue_reply(struct client *c, const void *msg, size_t len)
{
	/* only a client flooding us with requests fills the reserve */
	if (queue(c, msg, len, S.o->client_buf))
		c->ending = true;
}

static void untrace_all(struct client *c)
{
	for (size_t i = 0; i < c->ntids; i++)
		probe_untrace(S.probe, (pid_t)c->tids[i]);
	/* its counters too (sent already, or never wanted): a reused pid
	 * starts from zero, and the slots do not run out */
	for (size_t i = 0; i < c->ntgids; i++) {
		probe_untrace(S.probe, (pid_t)c->tgids[i]);
		probe_control_fd(S.probe, (pid_t)c->tgids[i], -1);
		probe_forget(S.probe, c->tgids[i]);
	}
	c->ntids = 0;
	/* the last one that wanted -T: the machine's calls cost less again */
	if (c->entry_times && !--S.entry_clients)
		probe_entry_times(S.probe, false);
	c->entry_times = false;
}

static void drop_client(int i)
{
	struct client *c = S.c[i];

	if (S.o->verbose)
		fprintf(stderr,
			"copyscope serve: client pid %d (uid %u) gone: %zu "
			"processes left the filter, %llu records lost\n",
			(int)c->peer, (unsigned)c->uid, c->ntgids,
			(unsigned long long)c->lost);
	untrace_all(c);
	close(c->fd);
	free(c->buf);
	free(c->tgids);
	free(c->tids);
	free(c);
	S.c[i] = S.c[--S.n];
}

static void send_err(struct client *c, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void send_err(struct client *c, int err, const char *fmt, ...)
{
	struct srv_err m;
	va_list ap;

	memset(&m, 0, sizeof(m));
	srv_hdr_init(&m.h, SRV_ERR, sizeof(m));
	m.err = err;
	va_start(ap, fmt);
	vsnprintf(m.text, sizeof(m.text), fmt, ap);
	va_end(ap);
	queue_reply(c, &m, sizeof(m));
}

/* The threads of pid, into c's list (they are in the filter now). */
static void note_threads(struct client *c, pid_t pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir)))
		if (atoi(d->d_name) > 0)
			add_id(&c->tids, &c->ntids, &c->cap_tids,
			       (uint32_t)atoi(d->d_name));
	closedir(dir);
}

static void do_trace(struct client *c, const struct srv_trace *t)
{
	pid_t pid = t->pid;
	struct srv_hdr ok;
	uid_t uid;
	int pidfd, ret;

	if (pid <= 0 || pid >= CS_PID_MAX ||
	    (t->flags & ~(SRV_TRACE_FROM_EXEC | SRV_TRACE_ENTRY_TIMES)) ||
	    t->control_fd < -1 || t->control_fd > CTL_FD_MAX)
		return send_err(c, EINVAL, "bad request: pid %d", (int)pid);
	/* the pidfd pins the process: its pid cannot be reused under us */
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0 || serve_real_uid(pid, &uid))
		ret = ESRCH;
	else if (c->uid != 0 && uid != c->uid)
		ret = EPERM;
	else if (owner_of((uint32_t)pid) && owner_of((uint32_t)pid) != c)
		ret = EBUSY;
	else
		ret = 0;
	if (ret) {
		if (pidfd >= 0)
			close(pidfd);
		if (ret == EPERM)
			return send_err(
				c, EPERM,
				"pid %d is not yours: it runs as uid %u, "
				"you are uid %u, and the service traces "
				"only your own processes",
				(int)pid, (unsigned)uid, (unsigned)c->uid);
		if (ret == EBUSY)
			return send_err(c, EBUSY,
					"pid %d is traced by another client "
					"already",
					(int)pid);
		return send_err(c, ESRCH, "no process with pid %d", (int)pid);
	}
	if (add_id(&c->tgids, &c->ntgids, &c->cap_tgids, (uint32_t)pid) ||
	    add_id(&c->tids, &c->ntids, &c->cap_tids, (uint32_t)pid)) {
		close(pidfd);
		return send_err(c, ENOMEM, "out of memory");
	}
	/* the client's own process: its own calls, uncounted */
	ret = t->control_fd >= 0 ?
		      probe_control_fd(S.probe, pid, t->control_fd) :
		      0;
	if (!ret && (t->flags & SRV_TRACE_ENTRY_TIMES) && !c->entry_times) {
		ret = S.entry_clients ? 0 : probe_entry_times(S.probe, true);
		if (!ret) {
			c->entry_times = true;
			S.entry_clients++;
		}
	}
	if (ret) {
		/* nothing armed yet: it leaves no trace in the filter */
	} else if (t->flags & SRV_TRACE_FROM_EXEC) {
		ret = probe_trace_from_exec(S.probe, pid);
	} else {
		ret = probe_trace_process(S.probe, pid);
		note_threads(c, pid);
		ret = ret > 0 ? 0 : ret ? ret : -ESRCH;
	}
	/* still the process we checked?  (it may have died meanwhile) */
	if (!ret && syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0))
		ret = -ESRCH;
	close(pidfd);
	if (ret) {
		untrace_all(c);
		del_id(c->tgids, &c->ntgids, (uint32_t)pid);
		return send_err(c, -ret, "cannot trace pid %d: %s", (int)pid,
				strerror(-ret));
	}
	srv_hdr_init(&ok, SRV_OK, sizeof(ok));
	queue_reply(c, &ok, sizeof(ok));
}

/* Its exact counters, one message per process, then END. */
static void finish(struct client *c, enum srv_end_reason why)
{
	struct srv_counters m;
	struct srv_end e;

	for (size_t i = 0; i < c->ntgids; i++) {
		memset(&m, 0, sizeof(m));
		srv_hdr_init(&m.h, SRV_COUNTERS, sizeof(m));
		m.tgid = c->tgids[i];
		if (!probe_counters(S.probe, m.tgid, &m.c))
			queue_reply(c, &m, sizeof(m));
	}
	memset(&e, 0, sizeof(e));
	srv_hdr_init(&e.h, SRV_END, sizeof(e));
	e.reason = why;
	e.lost = c->lost;
	e.ring_drops = probe_drops(S.probe);
	e.missed_runs = probe_missed_runs(S.probe);
	queue_reply(c, &e, sizeof(e));
	untrace_all(c);
	c->ntgids = 0;
	c->ending = true;
}

static void do_status(struct client *c)
{
	struct srv_status m;

	memset(&m, 0, sizeof(m));
	srv_hdr_init(&m.h, SRV_STATUS_REPLY, sizeof(m));
	m.clients = (uint32_t)S.n;
	for (int i = 0; i < S.n; i++) {
		m.processes += (uint32_t)S.c[i]->ntgids;
		m.buffered_bytes += S.c[i]->len - S.c[i]->head;
	}
	m.traced_threads = probe_traced_count(S.probe);
	for (uint32_t t = 0; (t = probe_next_process(S.probe, t));)
		m.counted_processes++;
	m.tier = probe_tier(S.probe);
	m.entry_clients = (uint32_t)S.entry_clients;
	m.ring_drops = probe_drops(S.probe);
	m.missed_runs = probe_missed_runs(S.probe);
	snprintf(m.kernel, sizeof(m.kernel), "%.63s", S.release);
	queue_reply(c, &m, sizeof(m));
}

/* Read what the client sent; false when it is gone or broke the rules. */
static bool client_read(struct client *c)
{
	ssize_t r = recv(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen,
			 MSG_DONTWAIT);
	struct srv_hdr h;
	int n;

	if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
		return false;
	if (r < 0)
		return true;
	c->inlen += (size_t)r;
	while ((n = srv_parse(c->in, c->inlen, SRV_FROM_CLIENT)) > 0) {
		memcpy(&h, c->in, sizeof(h));
		if (c->ending)
			; /* nothing more for a finished session */
		else if (h.type == SRV_TRACE) {
			struct srv_trace t;

			memcpy(&t, c->in, sizeof(t));
			do_trace(c, &t);
		} else if (h.type == SRV_STOP) {
			/* what the processes did last is still in the ring */
			probe_consume(S.probe, route, NULL);
			finish(c, SRV_END_STOPPED);
		} else if (h.type == SRV_STATUS) {
			do_status(c);
		}
		memmove(c->in, c->in + n, c->inlen - (size_t)n);
		c->inlen -= (size_t)n;
	}
	return n == 0;
}

/* Send what is waiting; false when the client is gone. */
static bool client_write(struct client *c)
{
	while (c->head < c->len) {
		ssize_t w = send(c->fd, c->buf + c->head, c->len - c->head,
				 MSG_DONTWAIT | MSG_NOSIGNAL);

		if (w < 0)
			return errno == EAGAIN || errno == EINTR;
		c->head += (size_t)w;
	}
	c->head = c->len = 0;
	return !c->ending;
}

/* A record from the ring: to the client whose process made it. */
static void route(const struct cs_hdr *rec, void *data)
{
	unsigned char msg[SRV_MSG_MAX];
	const struct cs_proc *pr = (const void *)rec;
	struct srv_hdr h;
	struct client *c;

	(void)data;
	c = owner_of(rec->tgid);
	if (!c || c->ending || rec->size > sizeof(msg) - sizeof(h))
		return;
	if (rec->type == CS_EV_FORK) {
		add_id(&c->tids, &c->ntids, &c->cap_tids, pr->child_pid);
		if (!pr->is_thread)
			add_id(&c->tgids, &c->ntgids, &c->cap_tgids,
			       pr->child_tgid);
	} else if (rec->type == CS_EV_EXIT) {
		del_id(c->tids, &c->ntids, rec->pid);
	}
	srv_hdr_init(&h, SRV_RECORD, sizeof(h) + rec->size);
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), rec, rec->size);
	queue_record(c, msg, sizeof(h) + rec->size);
}

static void accept_client(int lfd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	struct client *c;
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	if (S.n == MAX_CLIENTS ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) ||
	    !(c = calloc(1, sizeof(*c)))) {
		close(fd);
		return;
	}
	c->buf = malloc(S.o->client_buf);
	if (!c->buf) {
		free(c);
		close(fd);
		return;
	}
	c->fd = fd;
	c->uid = cr.uid;
	c->peer = cr.pid;
	S.c[S.n++] = c;
	if (S.o->verbose)
		fprintf(stderr, "copyscope serve: client pid %d, uid %u\n",
			(int)cr.pid, (unsigned)cr.uid);
}

/*
 * The listening socket: systemd's (socket activation), or path made here,
 * mode 0660 and group gid.  A stale socket is replaced; anything else at
 * path is left alone.
 */
static int listen_on(const char *path, gid_t gid)
{
	const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct stat st;
	mode_t old;
	int fd;

	if (fds && pid && atoi(fds) == 1 && atoi(pid) == (int)getpid())
		return 3;
	if (strlen(path) >= sizeof(a.sun_path)) {
		fprintf(stderr, "copyscope serve: socket path too long\n");
		return -1;
	}
	if (!lstat(path, &st)) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr,
				"copyscope serve: %s exists and is not a "
				"socket: not replacing it\n",
				path);
			return -1;
		}
		unlink(path);
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	old = umask(0117);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || chown(path, 0, gid) ||
	    chmod(path, 0660) || listen(fd, 64)) {
		fprintf(stderr, "copyscope serve: cannot listen on %s: %s\n",
			path, strerror(errno));
		umask(old);
		close(fd);
		return -1;
	}
	umask(old);
	return fd;
}

int serve_run(const struct serve_opts *o)
{
	static struct pollfd p[MAX_CLIENTS + 1];
	struct cs_probe_opts po;
	struct cs_features f;
	struct sigaction sa;
	char err[512];
	int lfd, i;

	memset(&S, 0, sizeof(S));
	S.o = o;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	features_probe(&f, false, false, true);
	probe_opts_default(&po);
	po.follow_forks = true;
	po.all_syscalls = true;
	po.emit_mask = ~0ULL;
	po.ringbuf_bytes = 16u << 20;
	po.control_fd_per_process = true;
	po.entry_times_on_demand = true;
	snprintf(S.release, sizeof(S.release), "%.63s", f.release);
	if (probe_open(&S.probe, &po, &f, err, sizeof(err))) {
		fprintf(stderr, "copyscope serve: %s\n", err);
		return 1;
	}
	lfd = listen_on(o->socket, o->gid);
	if (lfd < 0) {
		probe_close(S.probe);
		return 1;
	}
	fprintf(stderr, "copyscope serve: listening on %s, tier %s\n",
		o->socket, tier_name(probe_tier(S.probe)));
	while (!stopping) {
		p[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		for (i = 0; i < S.n; i++)
			p[i + 1] = (struct pollfd){
				.fd = S.c[i]->fd,
				.events = (short)(POLLIN |
						  (S.c[i]->len > S.c[i]->head ?
							   POLLOUT :
							   0)),
			};
		if (poll(p, (nfds_t)S.n + 1, POLL_MS) < 0 && errno != EINTR)
			break;
		probe_consume(S.probe, route, NULL);
		/* back to front: drop_client moves the last into the slot */
		for (i = S.n - 1; i >= 0; i--) {
			short re = p[i + 1].revents;

			if (((re & (POLLIN | POLLHUP | POLLERR)) &&
			     !client_read(S.c[i])) ||
			    !client_write(S.c[i]))
				drop_client(i);
		}
		if (p[0].revents & POLLIN)
			accept_client(lfd);
	}
	/* stopping: every client gets its counters, a second to take them */
	probe_consume(S.probe, route, NULL);
	for (i = 0; i < S.n; i++)
		if (!S.c[i]->ending)
			finish(S.c[i], SRV_END_SHUTDOWN);
	for (int t = 0; t < 100 && S.n; t++) {
		for (i = S.n - 1; i >= 0; i--)
			if (!client_write(S.c[i]))
				drop_client(i);
		usleep(10000);
	}
	while (S.n)
		drop_client(S.n - 1);
	close(lfd);
	if (lfd != 3)
		unlink(o->socket);
	probe_close(S.probe);
	fprintf(stderr, "copyscope serve: stopped\n");
	return 0;
}
