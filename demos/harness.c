// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The shared driver of every demo: options, runs, checks, output.
 * See demos/harness.h for the order of events in a run.
 */

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "demos/cleanup.h"
#include "demos/harness.h"
#include "demos/pattern.h"
#include "demos/srcfile.h"

enum {
	OPT_SIZE = 1,
	OPT_CHUNK,
	OPT_COLD,
	OPT_WARM,
	OPT_FILE,
	OPT_PIN,
	OPT_BENCH,
	OPT_JSON,
	OPT_DISCARD,
	OPT_CC,
	OPT_HELP,
};

static const struct option common_options[] = {
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "chunk", required_argument, NULL, OPT_CHUNK },
	{ "cold", no_argument, NULL, OPT_COLD },
	{ "warm", no_argument, NULL, OPT_WARM },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "pin", required_argument, NULL, OPT_PIN },
	{ "bench", required_argument, NULL, OPT_BENCH },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "discard", no_argument, NULL, OPT_DISCARD },
	{ "cc", required_argument, NULL, OPT_CC },
	{ "help", no_argument, NULL, OPT_HELP },
};

#define N_COMMON (sizeof(common_options) / sizeof(common_options[0]))

/* One run's numbers. */
struct run_result {
	bool verified;
	uint64_t bytes;
	double seconds, mib_s;
	double s_user, s_sys, r_user, r_sys;
	int64_t resident; /* file pages in the page cache before the run */
	uint64_t pages;
	long minflt, nvcsw, nivcsw; /* the sender's, during the transfer */
};

static void usage(const struct demo *d, FILE *f)
{
	fprintf(f,
		"usage: %s [options]\n"
		"%s\n"
		"\n"
		"  --size BYTES     bytes to move (suffix K, M, G; default 16M)\n"
		"  --chunk BYTES    bytes per system call (default %s)\n"
		"  --cold           evict the file from the page cache first\n"
		"  --warm           read the file once first (default)\n"
		"  --file PATH      the source file (default $TMPDIR or your own\n"
		"                   /var/tmp/copyscope-UID/, copyscope-demo-SIZE.dat;\n"
		"                   made once, reused)\n"
		"  --pin CPU[,CPU2] pin the sender to CPU, the receiver to CPU2\n"
		"                   (or to CPU too)\n"
		"  --bench N        repeat N times, report each run and the median\n"
		"  --json           results as JSON (one object per run)\n"
		"  --discard        the receiver counts the bytes and lets the\n"
		"                   kernel drop them (recv MSG_TRUNC), comparing\n"
		"                   none: a cheap receiver for benchmarks\n"
		"  --cc NAME        TCP congestion control of the sending socket\n"
		"                   (default: the system's, reported as tcp_cc)\n"
		"  --help           this text\n",
		d->name, d->summary,
		d->default_chunk == CHUNK_WHOLE_FILE ?
			"the whole file in one call" :
			size_str(d->default_chunk ? d->default_chunk :
						    DEFAULT_CHUNK));
	if (d->options_help)
		fputs(d->options_help, f);
	fprintf(f,
		"\nExit status: 0 every byte arrived and was checked, 1 failure,"
		" 2 usage,\n3 stopped through the control channel "
		"(COPYSCOPE_CONTROL_FD, see demos/control.h).\n");
}

static int parse_pin(const char *s, struct opts *o)
{
	char *end;
	long a, b;

	errno = 0;
	a = strtol(s, &end, 10);
	if (errno || end == s || a < 0 || a >= CPU_SETSIZE)
		return -1;
	b = a;
	if (*end == ',') {
		const char *s2 = end + 1;

		b = strtol(s2, &end, 10);
		if (errno || end == s2 || b < 0 || b >= CPU_SETSIZE)
			return -1;
	}
	if (*end)
		return -1;
	o->pin_sender = (int)a;
	o->pin_receiver = (int)b;
	return 0;
}

/* Returns 0, 1 (--help: exit 0), or -1 (usage error: exit 2). */
static int parse_options(const struct demo *d, int argc, char **argv,
			 struct opts *o)
{
	struct option longopts[N_COMMON + 16];
	size_t n = N_COMMON;
	char err[512];
	int c;

	memcpy(longopts, common_options, sizeof(common_options));
	for (const struct option *e = d->options; e && e->name; e++)
		if (n < N_COMMON + 15)
			longopts[n++] = *e;
	memset(&longopts[n], 0, sizeof(longopts[0]));

	memset(o, 0, sizeof(*o));
	o->size = DEFAULT_SIZE;
	o->pin_sender = o->pin_receiver = -1;
	opterr = 0;
	int li = -1;

	while ((c = getopt_long(argc, argv, "h", longopts, &li)) != -1) {
		const char *arg = optarg;
		uint64_t v;

		switch (c) {
		case OPT_SIZE:
			if (parse_size(arg, 1ULL << 40, &o->size)) {
				fprintf(stderr, "%s: bad --size '%s'\n",
					d->name, arg);
				return -1;
			}
			break;
		case OPT_CHUNK:
			if (parse_size(arg, GIB, &o->chunk)) {
				fprintf(stderr,
					"%s: bad --chunk '%s' (1 byte to 1G)\n",
					d->name, arg);
				return -1;
			}
			break;
		case OPT_COLD:
			o->cold = true;
			break;
		case OPT_WARM:
			o->cold = false;
			break;
		case OPT_FILE:
			if (!*arg || strlen(arg) >= sizeof(o->file) - 64) {
				fprintf(stderr, "%s: bad --file\n", d->name);
				return -1;
			}
			snprintf(o->file, sizeof(o->file), "%s", arg);
			break;
		case OPT_PIN:
			if (parse_pin(arg, o)) {
				fprintf(stderr,
					"%s: bad --pin '%s' (CPU or CPU,CPU)\n",
					d->name, arg);
				return -1;
			}
			break;
		case OPT_BENCH:
			if (parse_size(arg, 100000, &v)) {
				fprintf(stderr, "%s: bad --bench '%s'\n",
					d->name, arg);
				return -1;
			}
			o->bench = (int)v;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_DISCARD:
			o->discard = true;
			break;
		case OPT_CC:
			if (!*arg || strlen(arg) >= sizeof(o->cc)) {
				fprintf(stderr, "%s: bad --cc '%s'\n", d->name,
					arg);
				return -1;
			}
			snprintf(o->cc, sizeof(o->cc), "%s", arg);
			break;
		case OPT_HELP:
		case 'h':
			return 1;
		case '?':
			if (optopt)
				fprintf(stderr, "%s: unknown option '-%c'\n",
					d->name, optopt);
			else
				fprintf(stderr, "%s: unknown option '%s'\n",
					d->name, argv[optind - 1]);
			return -1;
		case ':':
			fprintf(stderr, "%s: option needs a value\n", d->name);
			return -1;
		default:
			if (c >= 256 && d->option && d->option(c, arg) == 0)
				break;
			fprintf(stderr, "%s: bad value '%s' for --%s\n",
				d->name, arg ? arg : "", longopts[li].name);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", d->name,
			argv[optind]);
		return -1;
	}
	if (!o->file[0] && source_default_path(o->file, sizeof(o->file),
					       o->size, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", d->name, err);
		return -1;
	}
	return 0;
}

int xfer_fail(struct xfer *x, const char *what)
{
	snprintf(x->err, sizeof(x->err), "%s: %s", what, strerror(errno));
	return -1;
}

int xfer_failf(struct xfer *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, sizeof(x->err), fmt, ap);
	va_end(ap);
	return -1;
}

void xfer_note(struct xfer *x, const char *fmt, ...)
{
	va_list ap;

	if (x->n_note >= MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(x->note[x->n_note++], sizeof(x->note[0]), fmt, ap);
	va_end(ap);
}

static void add_extra(struct xfer *x, const char *key, const char *val,
		      bool quote)
{
	int i;

	for (i = 0; i < x->n_extra; i++)
		if (!strcmp(x->extra[i].key, key))
			break;
	if (i == MAX_EXTRAS)
		return;
	if (i == x->n_extra)
		x->n_extra++;
	snprintf(x->extra[i].key, sizeof(x->extra[i].key), "%s", key);
	snprintf(x->extra[i].val, sizeof(x->extra[i].val), "%s", val);
	x->extra[i].quote = quote;
}

void xfer_extra_u64(struct xfer *x, const char *key, uint64_t v)
{
	char b[32];

	snprintf(b, sizeof(b), "%llu", (unsigned long long)v);
	add_extra(x, key, b, false);
}

void xfer_extra_str(struct xfer *x, const char *key, const char *s)
{
	add_extra(x, key, s, true);
}

void xfer_extra_bool(struct xfer *x, const char *key, bool v)
{
	add_extra(x, key, v ? "true" : "false", false);
}

void xfer_begin(struct xfer *x)
{
	getrusage(RUSAGE_SELF, &x->ru_begin);
	ctl_phase(CS_CTL_PHASE_TRANSFER);
	x->t_begin = now_ns();
}

void xfer_end(struct xfer *x)
{
	x->t_end = now_ns();
	ctl_phase(CS_CTL_PHASE_DONE);
	getrusage(RUSAGE_SELF, &x->ru_end);
}

/*
 * The sending socket's TCP congestion control: --cc, or the system's default.
 * Either way the output says which: BBR, for one, paces what it sends with
 * timers of its own, and that shows in the numbers.
 */
static int set_cc(struct xfer *x, int fd)
{
	socklen_t len;
	char name[16];

	if (x->opt->cc[0] && setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION,
					x->opt->cc, strlen(x->opt->cc)) < 0)
		return xfer_failf(x, "--cc %s: %s", x->opt->cc,
				  strerror(errno));
	len = sizeof(name) - 1;
	if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len) == 0) {
		name[len] = '\0';
		xfer_extra_str(x, "tcp_cc", name);
	}
	return 0;
}

int xfer_connect(struct xfer *x, struct receiver *r)
{
	int fd = receiver_start_loopback(r, x->opt->pin_receiver,
					 !x->opt->discard, x->err,
					 sizeof(x->err));

	if (fd >= 0 && set_cc(x, fd) < 0) {
		close(fd);
		receiver_kill(r);
		return -1;
	}
	return fd;
}

static void add_rusage(struct rusage *sum, const struct rusage *ru)
{
	timeradd(&sum->ru_utime, &ru->ru_utime, &sum->ru_utime);
	timeradd(&sum->ru_stime, &ru->ru_stime, &sum->ru_stime);
	sum->ru_nvcsw += ru->ru_nvcsw;
	sum->ru_nivcsw += ru->ru_nivcsw;
}

int xfer_collect(struct xfer *x, struct receiver *r, int sock, uint64_t sent)
{
	struct recv_result res;
	char why[400];

	/* End of stream: the receiver reports once it sees it. */
	close(sock);
	if (receiver_finish(r, &res, why, sizeof(why)) < 0) {
		if (x->err[0]) {
			size_t n = strlen(x->err);

			snprintf(x->err + n, sizeof(x->err) - n, "; %s", why);
		} else {
			snprintf(x->err, sizeof(x->err), "%s", why);
		}
		return -1;
	}
	add_rusage(&x->ru_recv, &res.ru);
	x->recv_calls += res.rep.calls;
	if (!res.rep.compared)
		x->counted_only = true;
	if (res.rep.last_ns > x->recv_last_ns)
		x->recv_last_ns = res.rep.last_ns;
	x->sent += sent;
	if (res.rep.bad_offset >= 0)
		return xfer_failf(
			x, "the receiver got a wrong byte at offset %lld",
			(long long)res.rep.bad_offset);
	if (res.rep.bytes != sent)
		return xfer_failf(x,
				  "the receiver got %llu bytes, %llu were sent",
				  (unsigned long long)res.rep.bytes,
				  (unsigned long long)sent);
	x->verified += sent;
	return 0;
}

/* Read the output file back and check every byte of it. */
static int check_out_file(struct xfer *x)
{
	char *buf = malloc(1024 * 1024);
	uint64_t off = 0;
	struct stat st;
	int ret = -1;

	if (!buf)
		return xfer_fail(x, "malloc");
	if (fstat(x->out_fd, &st) < 0) {
		xfer_fail(x, "fstat(output file)");
		goto out;
	}
	if ((uint64_t)st.st_size != x->size) {
		xfer_failf(x, "the output file has %lld bytes, not %llu",
			   (long long)st.st_size, (unsigned long long)x->size);
		goto out;
	}
	while (off < x->size) {
		ssize_t n = pread(x->out_fd, buf, 1024 * 1024, (off_t)off);
		int64_t bad;

		if (n <= 0) {
			xfer_fail(x, "reading the output file back");
			goto out;
		}
		bad = pattern_check(buf, off, (size_t)n);
		if (bad >= 0) {
			xfer_failf(x,
				   "the output file has a wrong byte at "
				   "offset %llu",
				   (unsigned long long)(off + (uint64_t)bad));
			goto out;
		}
		off += (uint64_t)n;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

/*
 * --cold: evict the file (or, if some of it will not go, send a fresh copy of
 * it) and say so.  Returns the pages still cached, or -1 with x->err set.
 */
static int64_t make_cold(struct xfer *x)
{
	struct cold_result cr;
	int64_t left = cache_make_cold(x->file_fd, x->path, &cr);

	if (left < 0) {
		xfer_fail(x, "evicting the file from the cache");
		return -1;
	}
	xfer_extra_u64(x, "cold_stuck_pages", (uint64_t)cr.stuck);
	xfer_extra_bool(x, "cold_fresh_copy", cr.fresh_copy);
	if (cr.fresh_copy)
		xfer_note(x,
			  "%lld pages of the file stayed in the page cache "
			  "for %.1f s (held by something else: a mapping, or "
			  "socket buffers of an earlier run that the kernel "
			  "has not freed yet): replaced it with a fresh copy "
			  "of itself (a new inode, nothing cached) to start "
			  "cold",
			  (long long)cr.stuck, (double)cr.wait_ms / 1000);
	else if (left > 0)
		xfer_note(x,
			  "%lld pages of the file stayed in the page cache "
			  "for %.1f s, and a fresh copy could not be made "
			  "(%s): the transfer does not start cold",
			  (long long)left, (double)cr.wait_ms / 1000,
			  strerror(cr.copy_errno));
	return left;
}

/* Set up the page cache as asked; returns the resident pages, or -1. */
static int64_t cache_state(struct xfer *x)
{
	char dir[4096], why[1024];

	if (x->fs.backing != FS_DISK) {
		dir_of(x->path, dir, sizeof(dir));
		xfer_note(x, "%.500s",
			  fs_no_disk_why(&x->fs, dir, why, sizeof(why)));
	}
	/* tmpfs pages have nowhere to go: evicting would only wait */
	if (x->opt->cold && x->fs.backing == FS_MEMORY) {
		xfer_note(x, "--cold: nothing was evicted, the file stays in "
			     "memory");
		return cache_resident_pages(x->file_fd, x->size);
	}
	if (x->opt->cold)
		return make_cold(x);
	if (cache_make_warm(x->path, x->size) < 0) {
		xfer_fail(x, "reading the file into the cache");
		return -1;
	}
	return cache_resident_pages(x->file_fd, x->size);
}

/* One run of a transfer demo.  Returns 0 if every byte was verified. */
static int run_transfer(const struct demo *d, struct xfer *x)
{
	struct receiver r = { .pid = -1, .shared = NULL };
	int rc = -1;

	if ((d->sink & SINK_SOCKET)) {
		x->sock = d->connect ? d->connect(x, &r) : xfer_connect(x, &r);
		if (x->sock < 0)
			return -1;
		if (d->connect && set_cc(x, x->sock) < 0)
			goto out;
	}
	if ((d->sink & SINK_FILE)) {
		char dir[4096];

		dir_of(x->path, dir, sizeof(dir));
		x->out_fd = scratch_file(dir);
		if (x->out_fd < 0) {
			xfer_failf(x, "cannot create an output file in %s: %s",
				   dir, strerror(errno));
			goto out;
		}
	}
	if (lseek(x->file_fd, 0, SEEK_SET) < 0) {
		xfer_fail(x, "lseek");
		goto out;
	}
	if (d->prepare && d->prepare(x) < 0) {
		if (d->finish)
			d->finish(x); /* undoes what prepare did make */
		goto out;
	}

	/* What the first I/O call will find in the page cache. */
	x->cached_at_start = cache_resident_pages(x->file_fd, x->size);
	xfer_begin(x);
	rc = d->transfer(x);
	xfer_end(x);

	if (d->finish)
		d->finish(x);
	if (x->sock >= 0) {
		/*
		 * Even after a failure: the receiver's report says whether it
		 * died (and that is then the reason).
		 */
		if (xfer_collect(x, &r, x->sock, rc == 0 ? x->size : 0) < 0)
			rc = -1;
		x->sock = -1;
	} else if (rc == 0) {
		x->sent = x->size;
	}
	if (rc == 0 && x->out_fd >= 0) {
		rc = check_out_file(x);
		if (rc == 0 && !(d->sink & SINK_SOCKET))
			x->verified = x->size;
	}
out:
	if (x->sock >= 0)
		close(x->sock);
	if (r.pid > 0)
		receiver_kill(&r);
	if (x->out_fd >= 0)
		close(x->out_fd);
	x->sock = x->out_fd = -1;
	return rc;
}

static void compute(const struct xfer *x, struct run_result *res)
{
	struct rusage s = ru_diff(&x->ru_end, &x->ru_begin);
	uint64_t end = x->t_end;

	/* Data still in socket buffers has not arrived: wait for the receiver.
	 */
	if (x->recv_last_ns > end)
		end = x->recv_last_ns;
	res->bytes = x->verified;
	res->seconds = (double)(end - x->t_begin) / 1e9;
	res->mib_s = res->seconds > 0 ?
			     (double)res->bytes / (double)MIB / res->seconds :
			     0;
	res->s_user = ru_user_s(&s);
	res->s_sys = ru_sys_s(&s);
	res->r_user = ru_user_s(&x->ru_recv);
	res->r_sys = ru_sys_s(&x->ru_recv);
	res->minflt = s.ru_minflt;
	res->nvcsw = s.ru_nvcsw;
	res->nivcsw = s.ru_nivcsw;
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void print_json(const struct demo *d, const struct xfer *x,
		       const struct run_result *res)
{
	FILE *f = stdout;

	fprintf(f, "{\"demo\":");
	json_string(f, d->name);
	fprintf(f,
		",\"rep\":%d,\"bytes\":%llu,\"seconds\":%.6f,"
		"\"mib_per_s\":%.1f,\"user_s\":%.6f,\"sys_s\":%.6f,"
		"\"cold\":%s,\"verified\":%s,\"verify\":\"%s\","
		"\"size\":%llu,\"chunk\":%llu,"
		"\"sender_user_s\":%.6f,\"sender_sys_s\":%.6f,"
		"\"receiver_user_s\":%.6f,\"receiver_sys_s\":%.6f,"
		"\"sender_minflt\":%ld,\"sender_nvcsw\":%ld,"
		"\"sender_nivcsw\":%ld,\"receiver_recvs\":%llu,"
		"\"receiver_nvcsw\":%ld,\"receiver_nivcsw\":%ld",
		x->rep, (unsigned long long)res->bytes, res->seconds,
		res->mib_s, res->s_user + res->r_user, res->s_sys + res->r_sys,
		x->opt->cold ? "true" : "false",
		res->verified ? "true" : "false",
		x->counted_only ? "count" : "bytes",
		(unsigned long long)x->size,
		(unsigned long long)min_u64(x->chunk, x->size), res->s_user,
		res->s_sys, res->r_user, res->r_sys, res->minflt, res->nvcsw,
		res->nivcsw, (unsigned long long)x->recv_calls,
		x->ru_recv.ru_nvcsw, x->ru_recv.ru_nivcsw);
	if (res->resident >= 0)
		fprintf(f, ",\"cached_pages_before\":%lld,\"file_pages\":%llu",
			(long long)res->resident,
			(unsigned long long)res->pages);
	for (int i = 0; i < x->n_extra; i++) {
		fputc(',', f);
		json_string(f, x->extra[i].key);
		fputc(':', f);
		if (x->extra[i].quote)
			json_string(f, x->extra[i].val);
		else
			fputs(x->extra[i].val, f);
	}
	if (x->n_note) {
		fprintf(f, ",\"notes\":[");
		for (int i = 0; i < x->n_note; i++) {
			if (i)
				fputc(',', f);
			json_string(f, x->note[i]);
		}
		fputc(']', f);
	}
	if (!res->verified) {
		fprintf(f, ",\"error\":");
		json_string(f, x->err[0] ? x->err : "not verified");
	}
	fprintf(f, "}\n");
	fflush(f);
}

/* "warm cache, 256 of 256 pages cached at the start" */
static const char *cache_words(const struct demo *d, const struct opts *o,
			       const struct run_result *res)
{
	static char buf[128];
	const char *state = o->cold ? "cold cache" : "warm cache";

	if (d->no_cache)
		return "no page cache involved";
	if (!res || res->resident < 0)
		return state;
	snprintf(buf, sizeof(buf), "%s, %lld of %llu pages cached at the start",
		 state, (long long)res->resident,
		 (unsigned long long)res->pages);
	return buf;
}

/* What the receivers checked, for a human. */
static const char *verified_words(const struct xfer *x,
				  const struct run_result *res)
{
	if (!res->verified)
		return "no";
	return x->counted_only ? "count only (--discard)" : "yes";
}

/* "io_uring (splice)" for a demo with variants, else the demo's name. */
static const char *display_name(const struct demo *d, const struct xfer *x)
{
	static char buf[128];

	for (int i = 0; i < x->n_extra; i++) {
		if (!strcmp(x->extra[i].key, "variant")) {
			snprintf(buf, sizeof(buf), "%s (%s)", d->name,
				 x->extra[i].val);
			return buf;
		}
	}
	return d->name;
}

static void print_text(const struct demo *d, const struct xfer *x,
		       const struct run_result *res)
{
	const char *name = display_name(d, x);

	for (int i = 0; i < x->n_note; i++)
		printf("%s: %s\n", name, x->note[i]);
	if (x->opt->bench) {
		printf("%s: run %d/%d: %s, %.6f s, %.1f MiB/s, CPU %.3f s "
		       "(sender %.3f, receiver %.3f)\n",
		       name, x->rep, x->opt->bench,
		       !res->verified  ? "NOT verified" :
		       x->counted_only ? "counted" :
					 "verified",
		       res->seconds, res->mib_s,
		       res->s_user + res->s_sys + res->r_user + res->r_sys,
		       res->s_user + res->s_sys, res->r_user + res->r_sys);
		return;
	}
	printf("%s: moved %llu bytes (%s), verified %s, %.6f s, %.1f MiB/s, "
	       "%s\n",
	       name, (unsigned long long)res->bytes, size_str(res->bytes),
	       verified_words(x, res), res->seconds, res->mib_s,
	       cache_words(d, x->opt, res));
	fflush(stdout);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One run, from cache state to output.  Returns 0 if verified. */
static int one_run(const struct demo *d, struct xfer *x, struct run_result *res)
{
	long page = sysconf(_SC_PAGESIZE);
	int rc;

	memset(res, 0, sizeof(*res));
	res->resident = -1;
	x->sent = x->verified = 0;
	x->recv_last_ns = 0;
	memset(&x->ru_recv, 0, sizeof(x->ru_recv));
	x->recv_calls = 0;
	x->err[0] = '\0';
	x->n_note = 0;
	x->sock = x->out_fd = -1;

	x->counted_only = false;
	x->cached_at_start = -1;
	if (x->file_fd >= 0) {
		x->cached_at_start = cache_state(x);
		if (x->cached_at_start < 0 && x->err[0])
			return -1;
		res->pages = (x->size + (uint64_t)page - 1) / (uint64_t)page;
	}
	rc = d->run ? d->run(x) : run_transfer(d, x);
	if (x->t_end == 0)
		return -1; /* failed before the transfer began */
	compute(x, res);
	res->resident = x->cached_at_start;
	res->verified = rc == 0;
	if (!res->verified && !x->err[0])
		snprintf(x->err, sizeof(x->err), "not verified");
	return rc;
}

int demo_main(const struct demo *d, int argc, char **argv)
{
	struct xfer x = { .file_fd = -1, .sock = -1, .out_fd = -1 };
	uint64_t total_bytes = 0, total_ns = 0;
	struct run_result res;
	double *secs = NULL; /* MiB/s of each run */
	struct opts o;
	int reps, ok = 0, rc;

	rc = parse_options(d, argc, argv, &o);
	if (rc) {
		usage(d, rc > 0 ? stdout : stderr);
		return rc > 0 ? 0 : CS_DEMO_EXIT_USAGE;
	}
	cleanup_init();
	if (ctl_init(d->name) < 0)
		return CS_DEMO_EXIT_FAIL;
	ctl_phase(CS_CTL_PHASE_SETUP);

	x.opt = &o;
	x.size = o.size;
	x.chunk = o.chunk	   ? o.chunk :
		  d->default_chunk ? d->default_chunk :
				     DEFAULT_CHUNK;
	/* No buffer larger than the file (kept block-aligned for O_DIRECT). */
	if (x.chunk > round_up(x.size, 4096))
		x.chunk = round_up(x.size, 4096);
	x.path = o.file;
	if (pin_to_cpu(o.pin_sender) < 0) {
		xfer_fail(&x, "--pin: sched_setaffinity");
		goto fail;
	}
	if (!d->no_source) {
		char dir[4096], why[1024];

		x.file_fd = source_open(o.file, o.size, x.err, sizeof(x.err));
		if (x.file_fd < 0)
			goto fail;
		/* said at once, not only in the summary: a watcher shows it */
		dir_of(o.file, dir, sizeof(dir));
		if (fs_info_of(o.file, &x.fs) == 0 && x.fs.backing != FS_DISK)
			fprintf(stderr, "%s: %s\n", d->name,
				fs_no_disk_why(&x.fs, dir, why, sizeof(why)));
		xfer_extra_str(&x, "file_system", x.fs.type);
		xfer_extra_bool(&x, "disk_backed", x.fs.backing == FS_DISK);
	}
	if (d->setup && d->setup(&x) < 0)
		goto fail;

	reps = o.bench ? o.bench : 1;
	secs = calloc((size_t)reps, sizeof(*secs));
	if (!secs) {
		xfer_fail(&x, "calloc");
		goto fail;
	}
	for (x.rep = 1; x.rep <= reps; x.rep++) {
		x.t_end = 0;
		rc = one_run(d, &x, &res);
		if (x.t_end == 0)
			goto fail;
		if (o.json)
			print_json(d, &x, &res);
		else
			print_text(d, &x, &res);
		if (rc < 0) {
			fprintf(stderr, "%s: %s\n", d->name, x.err);
			break;
		}
		/* Median of the rates: mmap_sigbus moves less than --size. */
		secs[ok++] = res.mib_s;
		total_bytes += res.bytes;
		total_ns += (uint64_t)(res.seconds * 1e9);
		if (x.rep < reps)
			ctl_phase(CS_CTL_PHASE_SETUP);
	}
	if (ok == reps) {
		if (o.bench && !o.json) {
			printf("%s: %d runs moved %llu bytes (%s), verified "
			       "%s, median %.1f MiB/s, %s\n",
			       display_name(d, &x), ok,
			       (unsigned long long)total_bytes,
			       size_str(total_bytes), verified_words(&x, &res),
			       median(secs, ok), cache_words(d, &o, NULL));
		}
		ctl_result_ok(total_bytes, total_ns);
		free(secs);
		if (x.file_fd >= 0)
			close(x.file_fd);
		cleanup_exit(CS_DEMO_EXIT_OK);
	}
	ctl_result_fail(x.err);
	free(secs);
	cleanup_exit(CS_DEMO_EXIT_FAIL);

fail:
	/* Failed before any byte moved. */
	fprintf(stderr, "%s: %s\n", d->name, x.err);
	if (o.json) {
		printf("{\"demo\":");
		json_string(stdout, d->name);
		printf(",\"bytes\":0,\"verified\":false,\"error\":");
		json_string(stdout, x.err);
		printf("}\n");
	} else {
		printf("%s: moved 0 bytes, verified no\n", d->name);
	}
	ctl_result_fail(x.err);
	free(secs);
	cleanup_exit(CS_DEMO_EXIT_FAIL);
}
