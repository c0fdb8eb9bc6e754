/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * x86_64 numbers of the system calls copyscope classifies.  Kept here, not
 * taken from <asm/unistd.h>, because the BPF side cannot include libc
 * headers and both sides must agree.  Other architectures need their own
 * table (the raw sys_enter/sys_exit tracepoints carry the native number).
 */
#ifndef COPYSCOPE_SYSCALL_NRS_H
#define COPYSCOPE_SYSCALL_NRS_H

#define NR_read 0
#define NR_write 1
#define NR_open 2
#define NR_close 3
#define NR_mmap 9
#define NR_munmap 11
#define NR_pread64 17
#define NR_pwrite64 18
#define NR_readv 19
#define NR_writev 20
#define NR_pipe 22
#define NR_msync 26
#define NR_madvise 28
#define NR_sendfile 40
#define NR_socket 41
#define NR_connect 42
#define NR_accept 43
#define NR_sendto 44
#define NR_recvfrom 45
#define NR_sendmsg 46
#define NR_recvmsg 47
#define NR_bind 49
#define NR_listen 50
#define NR_socketpair 53
#define NR_clone 56
#define NR_fork 57
#define NR_vfork 58
#define NR_execve 59
#define NR_exit 60
#define NR_wait4 61
#define NR_kill 62
#define NR_fcntl 72
#define NR_fsync 74
#define NR_fdatasync 75
#define NR_truncate 76
#define NR_ftruncate 77
#define NR_creat 85
#define NR_fadvise64 221
#define NR_exit_group 231
#define NR_openat 257
#define NR_splice 275
#define NR_tee 276
#define NR_vmsplice 278
#define NR_accept4 288
#define NR_pipe2 293
#define NR_preadv 295
#define NR_pwritev 296
#define NR_recvmmsg 299
#define NR_sendmmsg 307
#define NR_copy_file_range 326
#define NR_preadv2 327
#define NR_pwritev2 328
#define NR_io_uring_setup 425
#define NR_io_uring_enter 426
#define NR_clone3 435
#define NR_openat2 437

#endif /* COPYSCOPE_SYSCALL_NRS_H */
