// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* record.c - sizes and names of probe records (see record.h). */
#include <string.h>

#include "abi/record.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define SIZE(type, layout, member, name, held) \
	case type:                             \
		return sizeof(struct layout);
#define NAME(type, layout, member, name, held) \
	case type:                             \
		return name;
#define HELD(type, layout, member, name, held) \
	case type:                             \
		return held;

size_t record_size(uint16_t type)
{
	switch (type) {
		CS_RECORDS(SIZE, SIZE)
	}
	return 0;
}

bool record_held(uint16_t type)
{
	switch (type) {
		CS_RECORDS(HELD, HELD)
	}
	return false;
}

size_t record_check(const void *buf, size_t len)
{
	struct cs_hdr h;
	size_t want;

	if (!buf || len < sizeof(h))
		return 0;
	memcpy(&h, buf, sizeof(h));
	want = record_size(h.type);
	if (!want || h.size != want || want > len)
		return 0;
	return want;
}

const char *record_type_name(uint16_t type)
{
	switch (type) {
		CS_RECORDS(NAME, NAME)
	}
	return "unknown";
}

static const char *pick(const char *const *names, size_t n, unsigned int i)
{
	return i < n && names[i] ? names[i] : "unknown";
}

const char *fd_kind_name(uint8_t kind)
{
	static const char *const names[] = {
		[CS_FD_NONE] = "none",	 [CS_FD_FILE] = "file",
		[CS_FD_SOCKET] = "socket", [CS_FD_PIPE] = "pipe",
		[CS_FD_CHR] = "chardev", [CS_FD_BLK] = "blockdev",
		[CS_FD_DIR] = "dir",	 [CS_FD_ANON] = "anon",
		[CS_FD_OTHER] = "other",
	};
	return pick(names, N(names), kind);
}

const char *iter_name(uint8_t iter)
{
	static const char *const names[] = {
		[CS_ITER_UNKNOWN] = "unknown", [CS_ITER_UBUF] = "UBUF",
		[CS_ITER_IOVEC] = "IOVEC",     [CS_ITER_KVEC] = "KVEC",
		[CS_ITER_BVEC] = "BVEC",       [CS_ITER_XARRAY] = "XARRAY",
		[CS_ITER_FOLIOQ] = "FOLIOQ",   [CS_ITER_DISCARD] = "DISCARD",
		[CS_ITER_PIPE] = "PIPE",
	};
	return pick(names, N(names), iter);
}

const char *copy_fn_name(uint8_t fn)
{
	static const char *const names[] = {
		[CS_FN_FILEMAP_READ] = "filemap_read",
		[CS_FN_PERFORM_WRITE] = "generic_perform_write",
		[CS_FN_SKB_COPY_DGRAM] = "skb_copy_datagram_iter",
		[CS_FN_TCP_SENDMSG] = "tcp_sendmsg_locked",
		[CS_FN_SKB_SPLICE] = "skb_splice_from_iter",
		[CS_FN_ZC_FILL] = "zerocopy_fill_skb_from_iter",
		[CS_FN_SKB_COPY_UBUFS] = "skb_copy_ubufs",
		[CS_FN_FILEMAP_SPLICE] = "filemap_splice_read",
		[CS_FN_COPY_SPLICE] = "copy_splice_read",
		[CS_FN_DIO_RW] = "iomap_dio_complete",
	};
	return pick(names, N(names), fn);
}

const char *tier_name(int tier)
{
	static const char *const names[] = {
		[CS_TIER_NONE] = "none",
		[CS_TIER_FENTRY] = "fentry",
		[CS_TIER_KPROBE] = "kprobe",
		[CS_TIER_TRACEPOINT] = "tracepoint",
	};
	return tier < 0 ? "unknown" : pick(names, N(names), (unsigned int)tier);
}

const char *counter_name(int counter)
{
	static const char *const names[] = {
		[CS_C_SYSCALLS] = "syscalls",
		[CS_C_MODE_SWITCHES] = "mode_switches",
		[CS_C_CSW_VOLUNTARY] = "context_switches_voluntary",
		[CS_C_CSW_INVOLUNTARY] = "context_switches_involuntary",
		[CS_C_OFF_CPU_NS] = "off_cpu_ns",
		[CS_C_IO_SYSCALLS] = "io_syscalls",
		[CS_C_BYTES_READ] = "bytes_read",
		[CS_C_BYTES_WRITTEN] = "bytes_written",
		[CS_C_BYTES_SENT] = "bytes_sent",
		[CS_C_BYTES_RECEIVED] = "bytes_received",
		[CS_C_BYTES_SENDFILE] = "bytes_sendfile",
		[CS_C_BYTES_SPLICE] = "bytes_splice",
		[CS_C_BYTES_TEE] = "bytes_tee",
		[CS_C_BYTES_VMSPLICE] = "bytes_vmsplice",
		[CS_C_BYTES_COPY_RANGE] = "bytes_copy_file_range",
		[CS_C_BYTES_MMAPPED] = "bytes_mmapped",
		[CS_C_FAULTS_USER] = "faults_user",
		[CS_C_FAULTS_KERNEL] = "faults_kernel",
		[CS_C_CACHE_ADD_PAGES] = "page_cache_added_pages",
		[CS_C_DISK_READ_BYTES] = "disk_read_bytes",
		[CS_C_DISK_WRITE_BYTES] = "disk_write_bytes",
		[CS_C_RECV_COPY_BYTES] = "receive_copy_bytes",
		[CS_C_TCP_USER_BYTES] = "tcp_send_user_bytes",
		[CS_C_TCP_PAGE_BYTES] = "tcp_send_page_bytes",
		[CS_C_TCP_ZC_BYTES] = "tcp_send_zerocopy_bytes",
		[CS_C_XMIT_SKBS] = "xmit_skbs",
		[CS_C_XMIT_GATHER_BYTES] = "xmit_gather_bytes",
		[CS_C_XMIT_ZC_BYTES] = "xmit_zerocopy_bytes",
		[CS_C_XMIT_COPIED_BYTES] = "xmit_copied_bytes",
		[CS_C_CACHE_WRITE_BYTES] = "page_cache_write_bytes",
		[CS_C_URING_SUBMITS] = "io_uring_submits",
		[CS_C_URING_COMPLETES] = "io_uring_completes",
		[CS_C_URING_ASYNC] = "io_uring_async",
		[CS_C_COPY_FN_BYTES] = "copy_function_bytes",
		[CS_C_RECORDS] = "records",
		[CS_C_DROPS] = "drops",
		[CS_C_XMIT_RETRANS_BYTES] = "xmit_retrans_bytes",
	};
	_Static_assert(N(names) == CS_C_MAX, "a counter has no name");
	return counter < 0 ? "unknown" : pick(names, N(names), (unsigned int)counter);
}
