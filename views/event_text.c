// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * event_text.c - records as text lines:
 *   TIME PID/TID  what happened
 * in the spirit of strace, with the evidence records indented under the
 * system calls they belong to.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "abi/record.h"
#include "model/model.h"
#include "views/escape.h"
#include "views/event_text.h"
#include "views/json.h"

/*
 * A line is built here and given to stdio with one fwrite: one fprintf
 * per field, with floating point for every time, was most of the CPU that
 * 'trace' takes from the traced program.  The longest line, a system
 * call with two files, a 64-bit result and a duration, is under 300
 * bytes, an endpoint's name escaped at worst 4 * CS_ENDPOINT_LEN; put()
 * keeps to the buffer all the same.
 */
struct line {
	size_t len;
	char buf[768];
};

static void put(struct line *l, const char *s, size_t n)
{
	size_t room = sizeof(l->buf) - l->len;

	if (n > room)
		n = room;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void put_str(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

/*
 * A name from the traced system, of max bytes that may lack its NUL:
 * escaped, since its program chose its bytes (escape.h).
 */
static void put_strn(struct line *l, const char *s, size_t max)
{
	char e[ESC_SIZE(CS_ENDPOINT_LEN)];

	put(l, e, esc_text(e, sizeof(e), s, max));
}

static void put_char(struct line *l, char c)
{
	put(l, &c, 1);
}

static void put_uint(struct line *l, uint64_t v)
{
	char num[JSON_NUM_LEN];

	put(l, num, json_fmt_uint(num, v));
}

static void put_int(struct line *l, int64_t v)
{
	char num[JSON_NUM_LEN];

	put(l, num, json_fmt_int(num, v));
}

static void put_spaces(struct line *l, size_t n)
{
	while (n--)
		put_char(l, ' ');
}

/* s right-aligned in width columns, as printf's "%*s" */
static void put_right(struct line *l, const char *s, size_t n, size_t width)
{
	put_spaces(l, n < width ? width - n : 0);
	put(l, s, n);
}

/* printf's "%6u" (left false) or "%-6u" (left true) */
static void put_uint_width(struct line *l, uint64_t v, size_t width, bool left)
{
	char num[JSON_NUM_LEN];
	size_t n = json_fmt_uint(num, v);

	if (left) {
		put(l, num, n);
		put_spaces(l, n < width ? width - n : 0);
	} else {
		put_right(l, num, n, width);
	}
}

/* printf's "0x%" PRIx64 */
static void put_hex(struct line *l, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char digits[16];
	size_t n = 0;

	do {
		digits[n++] = hex[v & 0xf];
		v >>= 4;
	} while (v);
	put(l, "0x", 2);
	while (n)
		put_char(l, digits[--n]);
}

/* The rare line parts where printf's cost does not matter. */
__attribute__((format(printf, 2, 3))) static void put_fmt(struct line *l,
							  const char *fmt, ...)
{
	char s[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(l, s, (size_t)n < sizeof(s) ? (size_t)n : sizeof(s) - 1);
}

static const uint64_t ten_to[] = {
	1,	10,	 100,	   1000,      10000,
	100000, 1000000, 10000000, 100000000, 1000000000,
};

size_t event_text_fixed(char *buf, uint64_t v, unsigned int scale,
			unsigned int prec)
{
	uint64_t unit = ten_to[scale - prec];
	uint64_t q = v / unit, r = v % unit, frac;
	size_t n;

	/*
	 * printf rounds the double nearest to v / 10^scale.  Below 2^53 the
	 * double is v / 10^scale within half an ulp, which is less than
	 * 10^-scale; v is an integer, so unless it lies exactly halfway
	 * between two results that error cannot carry the double across
	 * the halfway point, and rounding v itself gives printf's digits.
	 * Halfway (one value in 10^(scale - prec)) and beyond 2^53 the double
	 * decides: ask printf.
	 */
	if (v >= 1ull << 53 || 2 * r == unit)
		return (size_t)snprintf(buf, EVENT_TEXT_FIXED_LEN, "%.*f",
					(int)prec,
					(double)v / (double)ten_to[scale]);
	q += 2 * r > unit;
	n = json_fmt_uint(buf, q / ten_to[prec]);
	if (!prec)
		return n;
	buf[n++] = '.';
	frac = q % ten_to[prec];
	for (unsigned int i = prec; i > 0; i--) {
		buf[n + i - 1] = (char)('0' + frac % 10);
		frac /= 10;
	}
	n += prec;
	buf[n] = 0;
	return n;
}

/* v / 10^scale as printf's "%.<prec>f" of the double, right-aligned in width */
static void put_fixed(struct line *l, uint64_t v, unsigned int scale,
		      unsigned int prec, size_t width)
{
	char num[EVENT_TEXT_FIXED_LEN];

	put_right(l, num, event_text_fixed(num, v, scale, prec), width);
}

/* printf's "%.1f us" of ns / 1000.0 */
static void put_us(struct line *l, uint64_t ns)
{
	put_fixed(l, ns, 3, 1, 0);
	put(l, " us", 3);
}

static void put_bytes(struct line *l, uint64_t bytes)
{
	char b[32];

	put_str(l, model_format_bytes(b, sizeof(b), bytes));
}

static void file_text(struct line *l, int32_t fd, const struct cs_file *f)
{
	put_int(l, fd);
	put_char(l, '<');
	put_str(l, fd_kind_name(f->kind));
	if (f->name[0]) {
		put_char(l, ':');
		put_strn(l, f->name, sizeof(f->name));
	}
	if (f->fflags & CS_FF_TCP)
		put_str(l, ":tcp");
	if (f->fflags & CS_FF_DIRECT)
		put_str(l, ":O_DIRECT");
	put_char(l, '>');
}

static void syscall_text(struct line *l, const struct cs_syscall *r)
{
	const char *name = model_syscall_name(r->nr);
	int shown = 0;

	if (name) {
		put_str(l, name);
	} else {
		put_str(l, "syscall_");
		put_uint(l, r->nr);
	}
	put_char(l, '(');
	for (int i = 0; i < 2; i++) {
		if (r->fd[i] < 0)
			continue;
		if (shown++)
			put_str(l, ", ");
		file_text(l, r->fd[i], &r->file[i]);
	}
	put_str(l, ") = ");
	if (model_syscall_ret_is_address(r->nr, r->ret))
		put_hex(l, (uint64_t)r->ret);
	else
		put_int(l, r->ret);
	if (r->enter_ts && r->h.ts >= r->enter_ts) {
		put_str(l, " <");
		put_us(l, r->h.ts - r->enter_ts);
		put_char(l, '>');
	}
}

static void switch_text(struct line *l, const struct cs_switch *r)
{
	if (r->dir == CS_SWITCH_OUT) {
		put_str(l, "  ~ off CPU (");
		put_str(l, r->involuntary ? "preempted" : "waits");
		put_str(l, "), ");
		put_strn(l, r->other_comm, sizeof(r->other_comm));
		put_str(l, " runs");
	} else {
		put_str(l, "  ~ back on CPU after ");
		put_us(l, r->off_ns);
	}
}

static void tcp_send_text(struct line *l, const struct cs_tcp_send *r)
{
	put_str(l, "  > tcp send ");
	put_bytes(l, r->size);
	put_str(l, " from ");
	put_str(l, iter_name(r->iter));
	if (r->msg_flags & CS_MSG_SPLICE_PAGES)
		put_str(l, " +SPLICE_PAGES");
	if (r->msg_flags & CS_MSG_ZEROCOPY)
		put_str(l, " +ZEROCOPY");
	put_str(l, ", route ");
	put_str(l, r->route_sg ? "gathers (SG)" : "cannot gather");
}

/* " in 3 skbs" for a merged record; nothing for one skb */
static void put_skbs(struct line *l, uint32_t skbs)
{
	if (skbs <= 1)
		return;
	put_str(l, " in ");
	put_uint(l, skbs);
	put_str(l, " skbs");
}

static void xmit_text(struct line *l, const struct cs_xmit *r)
{
	put_str(l, "  > ");
	put_strn(l, r->dev, sizeof(r->dev));
	put_str(l, " transmits ");
	put_bytes(l, r->len);
	put_skbs(l, r->skbs);
	put_str(l, ", ");
	put_str(l, r->shinfo_flags & CS_SKBFL_SHARED_FRAG ?
			   "page-cache pages by reference" :
		   r->shinfo_flags & CS_SKBFL_ZEROCOPY_ENABLE ?
			   "pinned user pages" :
			   "data copied into the skb");
}

static void block_text(struct line *l, const struct cs_block *r)
{
	put_str(l, "  # disk ");
	put_str(l, r->op == CS_BLK_READ ? "read " : "write ");
	put_bytes(l, r->bytes);
	put_str(l, " (DMA) in ");
	put_us(l, r->latency_ns);
}

static void uring_text(struct line *l, const struct cs_uring *r)
{
	if (r->what == CS_URING_COMPLETE) {
		put_str(l, "  @ io_uring complete res ");
		put_int(l, r->res);
	} else {
		put_str(l, "  @ io_uring ");
		put_str(l, r->what == CS_URING_SUBMIT ? "submit" :
							"punt to io-wq");
		put_str(l, " opcode ");
		put_uint(l, r->opcode);
	}
}

static void lease_text(struct line *l, const struct cs_lease *r)
{
	static const char *const what[] = {
		"?", "taken", "break (waits)", "break", "break done", "released"
	};

	put_str(l, "  L lease ");
	put_str(l, what[r->what < 6 ? r->what : 0]);
	put_str(l, " on inode ");
	put_uint(l, r->ino);
}

static void body_text(struct line *l, const struct cs_hdr *h)
{
	switch (h->type) {
	case CS_EV_SYSCALL:
		syscall_text(l, (const void *)h);
		break;
	case CS_EV_SWITCH:
		switch_text(l, (const void *)h);
		break;
	case CS_EV_FORK: {
		const struct cs_proc *r = (const void *)h;

		put_str(l, r->is_thread ? "+ thread " : "+ process ");
		put_uint(l, r->child_pid);
		break;
	}
	case CS_EV_EXEC: {
		const struct cs_proc *r = (const void *)h;

		put_str(l, "+ exec ");
		put_strn(l, r->path, sizeof(r->path));
		break;
	}
	case CS_EV_NAME: {
		const struct cs_proc *r = (const void *)h;

		put_str(l, "= running before the trace: ");
		put_strn(l, r->path, sizeof(r->path));
		break;
	}
	case CS_EV_ENDPOINT: {
		const struct cs_endpoint *r = (const void *)h;

		put_str(l, "= fd ");
		put_int(l, r->fd);
		put_str(l, ": ");
		put_strn(l, r->text, sizeof(r->text));
		break;
	}
	case CS_EV_EXIT:
		put_str(l, "+ exit, code ");
		put_int(l, ((const struct cs_proc *)h)->exit_code);
		break;
	case CS_EV_TCP_SEND:
		tcp_send_text(l, (const void *)h);
		break;
	case CS_EV_XMIT:
		xmit_text(l, (const void *)h);
		break;
	case CS_EV_RECV_COPY:
		put_str(l, "  < receive copies ");
		put_bytes(l, ((const struct cs_recv_copy *)h)->len);
		put_skbs(l, ((const struct cs_recv_copy *)h)->skbs);
		put_str(l, " to user");
		break;
	case CS_EV_CACHE_ADD: {
		const struct cs_cache_add *r = (const void *)h;

		put_str(l, "  + page cache gets ");
		put_uint(l, r->pages);
		put_str(l,
			r->pages == 1 ? " page of inode " : " pages of inode ");
		put_uint(l, r->ino);
		break;
	}
	case CS_EV_BLOCK:
		block_text(l, (const void *)h);
		break;
	case CS_EV_FAULT: {
		const struct cs_fault *r = (const void *)h;

		put_str(l, r->kernel ? "  ! page fault (kernel mode) at " :
				       "  ! page fault (user mode) at ");
		put_hex(l, r->address);
		break;
	}
	case CS_EV_URING:
		uring_text(l, (const void *)h);
		break;
	case CS_EV_LEASE:
		lease_text(l, (const void *)h);
		break;
	case CS_EV_SIGNAL: {
		const struct cs_signal *r = (const void *)h;

		put_fmt(l, "  ! signal %d (code %d) from %u", r->sig, r->code,
			r->sender_pid);
		break;
	}
	case CS_EV_COPY: {
		const struct cs_copy *r = (const void *)h;

		put_str(l, "  = ");
		put_str(l, copy_fn_name(r->fn));
		put_str(l, " moved ");
		put_bytes(l, (uint64_t)r->bytes);
		put_str(l, " (");
		put_str(l, tier_name(r->tier));
		put_char(l, ')');
		break;
	}
	case CS_EV_CACHE_WRITE:
		put_str(l, "  + write copies ");
		put_bytes(l, ((const struct cs_cache_write *)h)->len);
		put_str(l, " into the page cache");
		break;
	case CS_EV_PHASE:
	case CS_EV_STEP: {
		const struct cs_phase *r = (const void *)h;

		put_str(l, "-- ");
		put_strn(l, r->label, sizeof(r->label));
		break;
	}
	default:
		put_fmt(l, "? record type %u", h->type);
	}
}

void event_text(FILE *out, const struct cs_hdr *h, uint64_t base_ts)
{
	struct line l;

	l.len = 0;
	/* "%12.6f %6u/%-6u " of the seconds since base_ts */
	put_fixed(&l, h->ts >= base_ts ? h->ts - base_ts : 0, 9, 6, 12);
	put_char(&l, ' ');
	put_uint_width(&l, h->tgid, 6, false);
	put_char(&l, '/');
	put_uint_width(&l, h->pid, 6, true);
	put_char(&l, ' ');
	body_text(&l, h);
	put_char(&l, '\n');
	fwrite(l.buf, 1, l.len, out);
}

void counters_text(FILE *out, uint32_t tgid, const char *comm,
		   const struct cs_counters *c,
		   const struct cs_counters *derived)
{
	enum cs_counter diff[CS_C_MAX];
	char e[ESC_SIZE(CS_COMM_LEN)];
	size_t n;

	fprintf(out, "process %u (%s):\n", tgid,
		comm && *comm ? esc_str(e, sizeof(e), comm, CS_COMM_LEN) : "?");
	for (int i = 0; i < CS_C_MAX; i++)
		if (c->v[i] || i <= CS_C_CSW_INVOLUNTARY || i == CS_C_DROPS)
			fprintf(out, "  %-30s %" PRIu64 "\n", counter_name(i),
				(uint64_t)c->v[i]);
	if (!derived)
		return;
	n = model_counters_compare(derived, c, diff, CS_C_MAX);
	if (!n)
		fprintf(out, "  (its records add up to these counters)\n");
	for (size_t k = 0; k < n; k++) {
		uint64_t kv = c->v[diff[k]], rv = derived->v[diff[k]];

		fprintf(out,
			"  records differ: %s: the kernel counted %" PRIu64
			", the records show %" PRIu64 " (%s%" PRIu64 ")\n",
			counter_name(diff[k]), kv, rv, kv > rv ? "-" : "+",
			kv > rv ? kv - rv : rv - kv);
	}
}
