// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ends_net.c - a socket's name from /proc/PID/net (ends_net.h).
 *
 * The tables' lines, as the kernel prints them:
 *   tcp, udp  "  0: 0100007F:1F90 00000000:0000 0A ... uid timeout inode ..."
 *             the addresses are the words of the network-order address
 *             printed as host-order hex, the ports host-order hex
 *   unix      "0000000000000000: 00000002 00000000 00010000 0001 01 12345 /p"
 *             refcount, protocol, flags, type, state, inode, path (absent
 *             when unbound; "@name" abstract).
 * The path is the only text a traced program chooses; it may hold any
 * byte but NUL, a newline included.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "run/ends_net.h"

#define TABLE_MAX (64u << 20) /* bytes of one table read at most */
#define TCP_LISTEN 0x0a
#define UNIX_CONNECTED 3
#define INET_FIELDS 10 /* up to the inode */
#define UNIX_FIELDS 7

static const char *const table_file[NET_TABLES] = {
	[NET_TCP] = "tcp",   [NET_TCP6] = "tcp6", [NET_UDP] = "udp",
	[NET_UDP6] = "udp6", [NET_UNIX] = "unix",
};

int net_table_of(uint16_t fflags)
{
	bool v6 = fflags & CS_FF_INET6;

	if (fflags & CS_FF_UNIX)
		return NET_UNIX;
	if (fflags & CS_FF_TCP)
		return v6 ? NET_TCP6 : NET_TCP;
	if (fflags & CS_FF_UDP)
		return v6 ? NET_UDP6 : NET_UDP;
	return -1;
}

/*
 * The first n space-separated fields of line [s, e): their starts and
 * ends.  *rest: where the text after field n-1 begins (after one space).
 * false when the line has fewer.
 */
static bool fields(const char *s, const char *e, int n, const char **start,
		   const char **end, const char **rest)
{
	for (int i = 0; i < n; i++) {
		while (s < e && *s == ' ')
			s++;
		if (s == e)
			return false;
		start[i] = s;
		while (s < e && *s != ' ')
			s++;
		end[i] = s;
	}
	if (rest)
		*rest = s < e ? s + 1 : e;
	return true;
}

/* Hex digits [s, e), at most 16 of them, as a number. */
static bool hex(const char *s, const char *e, uint64_t *v)
{
	if (s == e || e - s > 16)
		return false;
	*v = 0;
	for (; s < e; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 :
			*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
						 -1;

		if (d < 0)
			return false;
		*v = *v << 4 | (uint64_t)d;
	}
	return true;
}

/* Decimal digits [s, e) as a number; 0 when it is not one. */
static uint64_t decimal(const char *s, const char *e)
{
	uint64_t v = 0;

	if (s == e || e - s > 19)
		return 0;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	return v;
}

static bool is_unix(int which)
{
	return which == NET_UNIX;
}

/* The inode of one line; 0 for the header, a line cut short, a TIME_WAIT
 * socket (no inode) and anything else. */
static uint64_t line_ino(int which, const char *s, const char *e)
{
	const char *st[INET_FIELDS], *en[INET_FIELDS];
	int f = is_unix(which) ? UNIX_FIELDS : INET_FIELDS;

	if (!fields(s, e, f, st, en, NULL))
		return 0;
	return decimal(st[f - 1], en[f - 1]);
}

/*
 * "0100007F:1F90" as "127.0.0.1:8080", "[::1]:8080" or "*:8080" (every
 * address), its port in *port.
 */
static bool address(char *out, size_t len, const char *s, const char *e,
		    bool v6, uint64_t *port)
{
	unsigned char a[16] = { 0 };
	size_t words = v6 ? 4 : 1;
	char ip[INET6_ADDRSTRLEN];
	bool any = true;
	uint64_t w;

	if ((size_t)(e - s) != words * 8 + 5 || s[words * 8] != ':' ||
	    !hex(s + words * 8 + 1, e, port))
		return false;
	for (size_t i = 0; i < words; i++) {
		uint32_t w32;

		if (!hex(s + i * 8, s + i * 8 + 8, &w))
			return false;
		/* printed from the host's view of the network-order word */
		w32 = (uint32_t)w;
		memcpy(a + i * 4, &w32, 4);
	}
	for (size_t i = 0; i < words * 4; i++)
		any &= !a[i];
	if (any)
		snprintf(out, len, "*:%hu", (unsigned short)*port);
	else if (!inet_ntop(v6 ? AF_INET6 : AF_INET, a, ip, sizeof(ip)))
		return false;
	else
		snprintf(out, len, v6 ? "[%s]:%hu" : "%s:%hu", ip,
			 (unsigned short)*port);
	return true;
}

static enum ends_verdict inet_name(int which, const char *s, const char *e,
				   char text[CS_ENDPOINT_LEN])
{
	const char *st[INET_FIELDS], *en[INET_FIELDS];
	bool v6 = which == NET_TCP6 || which == NET_UDP6;
	bool tcp = which == NET_TCP || which == NET_TCP6;
	char local[56], remote[56]; /* "[" INET6_ADDRSTRLEN "]:65535" */
	uint64_t state, lport, rport;

	if (!fields(s, e, INET_FIELDS, st, en, NULL) ||
	    !address(local, sizeof(local), st[1], en[1], v6, &lport) ||
	    !address(remote, sizeof(remote), st[2], en[2], v6, &rport) ||
	    !hex(st[3], en[3], &state))
		return ENDS_LATER;
	/* connected (a remote port), listening, or a bound UDP socket: its
	 * name for good */
	if (rport)
		snprintf(text, CS_ENDPOINT_LEN, "%s %s -> %s",
			 tcp ? "TCP" : "UDP", local, remote);
	else if (tcp ? state == TCP_LISTEN : lport != 0)
		snprintf(text, CS_ENDPOINT_LEN, "%s %s", tcp ? "TCP" : "UDP",
			 local);
	else
		return ENDS_LATER; /* not bound, or bound but not yet used */
	return ENDS_NAMED;
}

static enum ends_verdict unix_name(const char *s, const char *e,
				   char text[CS_ENDPOINT_LEN])
{
	const char *st[UNIX_FIELDS], *en[UNIX_FIELDS], *path;
	uint64_t state;

	if (!fields(s, e, UNIX_FIELDS, st, en, &path) ||
	    !hex(st[5], en[5], &state))
		return ENDS_LATER;
	if (path < e) {
		snprintf(text, CS_ENDPOINT_LEN, "unix %.*s", (int)(e - path),
			 path);
		return ENDS_NAMED;
	}
	/* a connected client has no path of its own; a socket that is
	 * neither may still bind */
	if (state != UNIX_CONNECTED)
		return ENDS_LATER;
	snprintf(text, CS_ENDPOINT_LEN, "unix socket");
	return ENDS_NAMED;
}

static int row_cmp(const void *a, const void *b)
{
	const struct net_row *x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

int net_table_index(struct net_table *t, int which, const char *buf, size_t len)
{
	const char *s, *e, *end;

	t->valid = false;
	t->nrows = 0;
	if (len > TABLE_MAX)
		len = TABLE_MAX;
	if (buf != t->buf) {
		if (len > t->cap) {
			char *nb = realloc(t->buf, len);

			if (!nb)
				return -1;
			t->buf = nb;
			t->cap = len;
		}
		if (len)
			memcpy(t->buf, buf, len);
	}
	t->len = len;
	end = t->buf + len;
	for (s = t->buf; s < end; s = e + 1) {
		uint64_t ino;

		e = memchr(s, '\n', (size_t)(end - s));
		if (!e)
			e = end;
		ino = line_ino(which, s, e);
		if (!ino)
			continue;
		if (t->nrows == t->caprows) {
			size_t ncap = t->caprows ? t->caprows * 2 : 64;
			struct net_row *nr =
				realloc(t->rows, ncap * sizeof(*nr));

			if (!nr)
				return -1;
			t->rows = nr;
			t->caprows = ncap;
		}
		t->rows[t->nrows].ino = ino;
		t->rows[t->nrows].off = (uint32_t)(s - t->buf);
		t->nrows++;
	}
	if (t->nrows)
		qsort(t->rows, t->nrows, sizeof(*t->rows), row_cmp);
	t->valid = true;
	return 0;
}

enum ends_verdict net_table_name(const struct net_table *t, int which,
				 uint64_t ino, char text[CS_ENDPOINT_LEN])
{
	struct net_row key = { .ino = ino };
	const struct net_row *r;
	const char *s, *e;
	size_t i;

	if (!t->valid || !t->nrows)
		return ENDS_LATER;
	r = bsearch(&key, t->rows, t->nrows, sizeof(*r), row_cmp);
	if (!r)
		return ENDS_LATER;
	i = (size_t)(r - t->rows);
	if ((i > 0 && t->rows[i - 1].ino == ino) ||
	    (i + 1 < t->nrows && t->rows[i + 1].ino == ino))
		return ENDS_NEVER; /* a forged line: believe neither */
	s = t->buf + r->off;
	e = memchr(s, '\n', t->len - r->off);
	if (!e)
		e = t->buf + t->len;
	return is_unix(which) ? unix_name(s, e, text) :
				inet_name(which, s, e, text);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Read /proc/PID/net/FILE into t's buffer and index it. */
static int table_read(struct net_tables *nt, struct net_table *t, pid_t pid,
		      int which, uint64_t netns)
{
	char path[64];
	ssize_t n;
	int fd;

	t->valid = false;
	snprintf(path, sizeof(path), "/proc/%d/net/%s", (int)pid,
		 table_file[which]);
	/* before the read: what was open then is in it */
	t->read_ts = now_ns();
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	nt->reads++;
	t->len = 0;
	for (;;) {
		if (t->len == t->cap) {
			size_t ncap = t->cap ? t->cap * 2 : 1 << 16;
			char *nb;

			if (ncap > TABLE_MAX)
				break;
			nb = realloc(t->buf, ncap);
			if (!nb)
				break;
			t->buf = nb;
			t->cap = ncap;
		}
		n = read(fd, t->buf + t->len, t->cap - t->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		t->len += (size_t)n;
	}
	close(fd);
	if (net_table_index(t, which, t->buf, t->len))
		return -ENOMEM;
	t->netns = netns;
	return 0;
}

enum ends_verdict net_find(struct net_tables *nt, pid_t pid, int which,
			   uint64_t ino, uint64_t rec_ts,
			   char text[CS_ENDPOINT_LEN])
{
	struct net_table *t;
	enum ends_verdict v;
	struct stat ns;
	char path[64];

	if (which < 0 || which >= NET_TABLES)
		return ENDS_NEVER;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if (stat(path, &ns))
		return ENDS_LATER;
	t = &nt->t[which];
	if (t->valid && t->netns == (uint64_t)ns.st_ino) {
		v = net_table_name(t, which, ino, text);
		/* not in a table read after the record: closed since */
		if (v != ENDS_LATER || rec_ts < t->read_ts)
			return v;
	}
	if (table_read(nt, t, pid, which, (uint64_t)ns.st_ino))
		return ENDS_LATER;
	return net_table_name(t, which, ino, text);
}

void net_tables_free(struct net_tables *nt)
{
	for (int i = 0; i < NET_TABLES; i++) {
		free(nt->t[i].buf);
		free(nt->t[i].rows);
	}
	memset(nt, 0, sizeof(*nt));
}
