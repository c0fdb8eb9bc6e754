// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * places.c - names of places, kinds, evidence and rules, and the plain
 * English captions a student reads beside each arrow.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/model_int.h"

struct place_words {
	const char *name; /* box label */
	const char *id; /* JSON */
	const char *the; /* "the page cache": subject or object in a sentence */
	const char *into; /* "into the page cache" */
};

static const struct place_words places[CS_PL_MAX] = {
	[CS_PL_DISK] = { "disk", "disk", "the disk", "to the disk" },
	[CS_PL_PAGE_CACHE] = { "page cache", "page_cache", "the page cache",
			       "into the page cache" },
	[CS_PL_USER] = { "user buffer", "user", "your buffer",
			 "into your buffer" },
	[CS_PL_PIPE] = { "pipe", "pipe", "the pipe", "into the pipe" },
	[CS_PL_SOCKBUF] = { "socket buffer", "sockbuf", "the socket buffer",
			    "into the socket buffer" },
	[CS_PL_NIC] = { "network device", "nic", "the network device",
			"to the network device" },
	[CS_PL_RECEIVER] = { "receiver", "receiver", "the receiver's buffer",
			     "into the receiver's buffer" },
};

const char *model_place_name(enum cs_place p)
{
	return (unsigned)p < CS_PL_MAX ? places[p].name : "?";
}

const char *model_place_id(enum cs_place p)
{
	return (unsigned)p < CS_PL_MAX ? places[p].id : "unknown";
}

static const char *const kinds[CS_K_MAX] = { "DMA", "CPU", "REF", "MAP" };

const char *model_kind_name(enum cs_kind k)
{
	return (unsigned)k < CS_K_MAX ? kinds[k] : "?";
}

static const char *const evidences[CS_EVID_MAX] = { "measured", "attributed",
						    "inferred", "explained" };

const char *model_evidence_name(enum cs_evidence e)
{
	return (unsigned)e < CS_EVID_MAX ? evidences[e] : "?";
}

/* Anchors of the sections of tutorial/evidence.md, one per rule. */
static const char *const rules[CS_R_MAX] = {
	[CS_R_NONE] = "none",
	[CS_R_READ_CACHE] = "read-cache",
	[CS_R_READ_DIRECT] = "read-direct",
	[CS_R_BLOCK_READ] = "block-read",
	[CS_R_BLOCK_WRITE] = "block-write",
	[CS_R_WRITE_CACHE] = "write-cache",
	[CS_R_TCP_USER] = "tcp-user",
	[CS_R_TCP_PAGES_SG] = "tcp-pages-sg",
	[CS_R_TCP_PAGES_NOSG] = "tcp-pages-nosg",
	[CS_R_TCP_ZEROCOPY] = "tcp-zerocopy",
	[CS_R_DEFERRED_COPY] = "deferred-copy",
	[CS_R_SOCK_SEND] = "sock-send",
	[CS_R_RECV_COPY] = "recv-copy",
	[CS_R_SOCK_RECV] = "sock-recv",
	[CS_R_XMIT_VIRTUAL] = "xmit-virtual",
	[CS_R_XMIT_DEVICE] = "xmit-device",
	[CS_R_MMAP] = "mmap",
	[CS_R_SPLICE_IN] = "splice-in",
	[CS_R_SPLICE_OUT_FILE] = "splice-out-file",
	[CS_R_PIPE_PIPE] = "pipe-pipe",
	[CS_R_VMSPLICE] = "vmsplice",
	[CS_R_PIPE_READ] = "pipe-read",
	[CS_R_PIPE_WRITE] = "pipe-write",
	[CS_R_SENDFILE_FILE] = "file-to-file",
	[CS_R_SOCK_SPLICE_IN] = "sock-splice-in",
	[CS_R_URING_READ] = "uring-read",
	[CS_R_URING_WRITE] = "uring-write",
	[CS_R_URING_SPLICE_IN] = "uring-splice-in",
	[CS_R_COPY_FN] = "copy-fn",
	[CS_R_XMIT_COPY] = "xmit-copy",
	[CS_R_DIRECT_NODISK] = "direct-no-disk",
	[CS_R_COW] = "cow",
};

const char *model_rule_name(enum cs_rule r)
{
	return (unsigned)r < CS_R_MAX && rules[r] ? rules[r] : "?";
}

/* v in decimal, as "%" PRIu64 prints it; buf holds 21 bytes */
static size_t decimal(char *buf, uint64_t v)
{
	char digits[20];
	size_t n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		buf[i] = digits[n - 1 - i];
	return n;
}

/*
 * bytes / div with one decimal, as "%.1f" prints (double)bytes / div.
 * div is a power of two: below 2^53 the double quotient is exact, and
 * printf rounds it to nearest, halfway to even, which integers can do
 * too.  Returns 0 above 2^53, where the double has lost the low bits.
 */
static size_t tenths(char *buf, uint64_t bytes, uint64_t div)
{
	uint64_t whole, tenth, rest;
	size_t n;

	if (bytes >= 1ull << 53)
		return 0;
	whole = bytes / div;
	tenth = bytes % div * 10 / div;
	rest = bytes % div * 10 % div;
	if (2 * rest > div || (2 * rest == div && tenth % 2))
		tenth++;
	if (tenth == 10) {
		whole++;
		tenth = 0;
	}
	n = decimal(buf, whole);
	buf[n++] = '.';
	buf[n++] = (char)('0' + tenth);
	return n;
}

/*
 * "64 KiB" (long) or "64K" (short, for the diagram's arrows).  Whole
 * units print without decimals ("64 KiB"), others with one ("1.5 MiB").
 * Built without printf: the text view formats a size for every copy,
 * transmit and block record it prints.
 */
static const char *format_bytes(char *buf, size_t len, uint64_t bytes,
				bool shrt)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	uint64_t div = 1;
	unsigned u = 0;
	char s[32];
	size_t n;

	while (u < 4 && bytes >= div * 1024) {
		div *= 1024;
		u++;
	}
	if (bytes % div == 0)
		n = decimal(s, bytes / div);
	else
		n = tenths(s, bytes, div);
	if (!n) {
		snprintf(buf, len, "%.1f%s%.*s", (double)bytes / (double)div,
			 shrt ? "" : " ", shrt ? 1 : 3, unit[u]);
		return buf;
	}
	if (!shrt)
		s[n++] = ' ';
	memcpy(s + n, unit[u], shrt ? 1 : strlen(unit[u]));
	n += shrt ? 1 : strlen(unit[u]);
	/* what snprintf(buf, len, ...) would leave */
	if (len) {
		n = n < len - 1 ? n : len - 1;
		memcpy(buf, s, n);
		buf[n] = 0;
	}
	return buf;
}

const char *model_format_bytes(char *buf, size_t len, uint64_t bytes)
{
	return format_bytes(buf, len, bytes, false);
}

const char *model_format_bytes_short(char *buf, size_t len, uint64_t bytes)
{
	return format_bytes(buf, len, bytes, true);
}

static const char *place_the(unsigned p)
{
	return p < CS_PL_MAX ? places[p].the : "somewhere";
}

static const char *place_into(unsigned p)
{
	return p < CS_PL_MAX ? places[p].into : "somewhere";
}

void model_caption(char *buf, size_t len, const struct cs_transfer *t)
{
	char b[32];

	if (!len)
		return;
	model_format_bytes(b, sizeof(b), t->bytes);
	if (t->kind == CS_K_DMA && (t->flags & CS_TF_VIRTUAL_DEV)) {
		snprintf(
			buf, len,
			"virtual device: no DMA (a real NIC would DMA %s here)",
			b);
	} else if (t->kind == CS_K_DMA && t->from == CS_PL_DISK) {
		snprintf(buf, len, "the disk DMAs %s %s%s", b,
			 place_into(t->to),
			 t->flags & CS_TF_O_DIRECT ?
				 " (O_DIRECT: no page cache)" :
				 "");
	} else if (t->kind == CS_K_DMA && t->to == CS_PL_NIC) {
		snprintf(buf, len, "the network card DMAs %s from %s", b,
			 place_the(t->from));
	} else if (t->kind == CS_K_DMA) {
		snprintf(buf, len, "the device DMAs %s from %s %s", b,
			 place_the(t->from), place_into(t->to));
	} else if (t->kind == CS_K_CPU && (t->flags & CS_TF_DEFERRED)) {
		snprintf(
			buf, len,
			"deferred copy: the CPU copies %s of your pinned pages after all",
			b);
	} else if (t->kind == CS_K_CPU && t->rule == CS_R_COW) {
		snprintf(
			buf, len,
			"copy-on-write: the CPU copies %s of pages another process still shared",
			b);
	} else if (t->kind == CS_K_CPU && t->rule == CS_R_DIRECT_NODISK) {
		snprintf(buf, len,
			 "O_DIRECT, but no disk: the CPU copies %s %s %s", b,
			 t->to == CS_PL_USER ? "from memory" :
					       "from your buffer",
			 t->to == CS_PL_USER ? "into your buffer" :
					       "into memory");
	} else if (t->kind == CS_K_CPU) {
		snprintf(buf, len, "CPU copies %s from %s%s to %s%s", b,
			 place_the(t->from),
			 t->flags & CS_TF_VIA_MAPPING ? " (mapped)" : "",
			 t->to == CS_PL_USER ? "your buffer" : place_the(t->to),
			 t->flags & CS_TF_NO_SG ? " (no gather here)" : "");
	} else if (t->kind == CS_K_REF && t->from == CS_PL_USER) {
		snprintf(buf, len,
			 "%s takes %s of your pages by reference: no copy",
			 place_the(t->to), b);
	} else if (t->kind == CS_K_REF) {
		snprintf(buf, len, "%s takes %s from %s by reference: no copy",
			 place_the(t->to), b, place_the(t->from));
	} else if (t->kind == CS_K_MAP) {
		snprintf(
			buf, len,
			"%s of the page cache mapped into your process: no copy",
			b);
	} else {
		snprintf(buf, len, "%s move from %s %s", b, place_the(t->from),
			 place_into(t->to));
	}
	/* Sentences start with a capital letter. */
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}
