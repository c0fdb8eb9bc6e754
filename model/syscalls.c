// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * syscalls.c - system call names, and what the data-moving calls do with
 * their descriptors: the model's reading of abi/syscalls.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/model_int.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define NAME(name, x86_64, arm64, class, fd0, fd1, counter) [x86_64] = #name,
static const char *const names[] = { CS_SYSCALLS(NAME) };
#undef NAME

static const struct cs_sc_info info[] = { CS_SYSCALLS(CS_SC_INFO) };

const char *model_syscall_name(uint32_t nr)
{
	if (nr >= N(names))
		return NULL;
	return names[nr];
}

bool model_syscall_ret_is_address(uint32_t nr, int64_t ret)
{
	/* -4095 .. -1 is -errno; anything else these return is an address */
	if (ret < 0 && ret >= -4095)
		return false;
	switch (nr) {
	case NR_mmap:
	case NR_brk:
	case NR_mremap:
	case NR_shmat:
		return true;
	default:
		return false;
	}
}

const char *model_format_ret(char *buf, size_t len, uint32_t nr, int64_t ret)
{
	if (model_syscall_ret_is_address(nr, ret))
		snprintf(buf, len, "0x%" PRIx64, (uint64_t)ret);
	else
		snprintf(buf, len, "%" PRId64, ret);
	return buf;
}

enum sc_class syscall_class(uint32_t nr)
{
	return nr < N(info) ? (enum sc_class)info[nr].cls : SCC_OTHER;
}

int syscall_bytes_counter(uint32_t nr)
{
	return syscall_class(nr) != SCC_OTHER ? info[nr].counter : -1;
}

/* The calls whose byte result the kernel side adds to a counter, so that
 * the model's I/O call count matches the kernel's CS_C_IO_SYSCALLS. */
bool model_syscall_moves_data(uint32_t nr)
{
	return syscall_bytes_counter(nr) >= 0;
}

/* read(fd, buf, n), write(fd, buf, n), pread64/pwrite64, sendto, recvfrom:
 * the buffer is the second argument.  The vector calls pass an iovec that
 * the records do not carry. */
uint64_t syscall_user_buf(uint32_t nr, uint64_t arg1)
{
	switch (nr) {
	case NR_read:
	case NR_write:
	case NR_pread64:
	case NR_pwrite64:
	case NR_sendto:
	case NR_recvfrom:
		return arg1;
	}
	return 0;
}

/*
 * Bytes a call delivered to its final destination: a socket or a file.
 * Moving bytes into a pipe is only half way (splice, tee, vmsplice).
 */
uint64_t syscall_payload(const struct cs_fact *f)
{
	uint64_t r = f->u.syscall.ret > 0 ? (uint64_t)f->u.syscall.ret : 0;
	uint8_t k0 = f->u.syscall.fd_kind[0], k1 = f->u.syscall.fd_kind[1];

	switch (syscall_class(f->u.syscall.nr)) {
	case SCC_WRITE:
	case SCC_SEND:
		return k0 == CS_FD_SOCKET || k0 == CS_FD_FILE ||
				       k0 == CS_FD_BLK ?
			       r :
			       0;
	case SCC_SENDFILE: /* fd[0] is out_fd */
		return k0 != CS_FD_PIPE ? r : 0;
	case SCC_SPLICE: /* fd[1] is fd_out */
	case SCC_COPY_RANGE:
		return k1 != CS_FD_PIPE ? r : 0;
	default:
		return 0;
	}
}

uint64_t syscall_read_in(const struct cs_fact *f)
{
	uint8_t k0 = f->u.syscall.fd_kind[0];

	if (syscall_class(f->u.syscall.nr) != SCC_READ || f->u.syscall.ret <= 0)
		return 0;
	return k0 == CS_FD_FILE || k0 == CS_FD_BLK ?
		       (uint64_t)f->u.syscall.ret :
		       0;
}

uint64_t syscall_received(const struct cs_fact *f)
{
	uint64_t r = f->u.syscall.ret > 0 ? (uint64_t)f->u.syscall.ret : 0;
	uint32_t nr = f->u.syscall.nr;

	switch (syscall_class(nr)) {
	case SCC_RECV:
		return syscall_is_errqueue(nr, f->u.syscall.arg[2]) ? 0 : r;
	case SCC_READ:
		return f->u.syscall.fd_kind[0] == CS_FD_SOCKET ? r : 0;
	default:
		return 0;
	}
}
