/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * syscalls.h - the one table of the system calls copyscope knows: their
 * numbers, and what each does with data.  The BPF programs (which calls
 * to record, which arguments are file descriptors, which counter gets the
 * bytes), the model (the rules, the derived counters) and the views (the
 * names) all expand this table; no system call number is written anywhere
 * else.  Adding a call is one line.
 *
 * X(name, x86_64, arm64, class, fd0, fd1, counter)
 *   x86_64, arm64  the call's number on each, -1 where it does not exist.
 *                  Records carry x86_64 numbers (struct cs_syscall.nr):
 *                  the probe reads the native number, which on x86_64 is
 *                  the same; a port maps its native numbers through its
 *                  column.  New calls (424 on) have one number everywhere.
 *   class          enum sc_class without its SCC_ prefix.  OTHER: nothing
 *                  to do with data, recorded only when every call is;
 *                  anything else is always recorded.
 *   fd0, fd1       which argument is a file descriptor the record
 *                  describes: ARGn, RET (the result), or NONE.
 *   counter        the kernel counter (enum cs_counter) that gets the
 *                  call's byte result, or -1.
 * Kernel side and user space must agree, so this is C the BPF side can
 * compile too: no libc headers.
 */
#ifndef COPYSCOPE_SYSCALLS_H
#define COPYSCOPE_SYSCALLS_H

#ifndef __VMLINUX_H__
#include <stdbool.h>
#endif

#include "abi/copyscope.h"

// clang-format off
#define CS_SYSCALLS(X) \
	X(read, 0, 63, READ, ARG0, NONE, CS_C_BYTES_READ) \
	X(write, 1, 64, WRITE, ARG0, NONE, CS_C_BYTES_WRITTEN) \
	X(open, 2, -1, FD, RET, NONE, -1) \
	X(close, 3, 57, FD, ARG0, NONE, -1) \
	X(stat, 4, -1, OTHER, NONE, NONE, -1) \
	X(fstat, 5, 80, OTHER, NONE, NONE, -1) \
	X(lstat, 6, -1, OTHER, NONE, NONE, -1) \
	X(poll, 7, -1, OTHER, NONE, NONE, -1) \
	X(lseek, 8, 62, OTHER, NONE, NONE, -1) \
	X(mmap, 9, 222, MMAP, ARG4, NONE, -1) \
	X(mprotect, 10, 226, OTHER, NONE, NONE, -1) \
	X(munmap, 11, 215, MUNMAP, NONE, NONE, -1) \
	X(brk, 12, 214, OTHER, NONE, NONE, -1) \
	X(rt_sigaction, 13, 134, OTHER, NONE, NONE, -1) \
	X(rt_sigprocmask, 14, 135, OTHER, NONE, NONE, -1) \
	X(rt_sigreturn, 15, 139, OTHER, NONE, NONE, -1) \
	X(ioctl, 16, 29, OTHER, NONE, NONE, -1) \
	X(pread64, 17, 67, READ, ARG0, NONE, CS_C_BYTES_READ) \
	X(pwrite64, 18, 68, WRITE, ARG0, NONE, CS_C_BYTES_WRITTEN) \
	X(readv, 19, 65, READ, ARG0, NONE, CS_C_BYTES_READ) \
	X(writev, 20, 66, WRITE, ARG0, NONE, CS_C_BYTES_WRITTEN) \
	X(access, 21, -1, OTHER, NONE, NONE, -1) \
	X(pipe, 22, -1, FD, NONE, NONE, -1) \
	X(select, 23, -1, OTHER, NONE, NONE, -1) \
	X(sched_yield, 24, 124, OTHER, NONE, NONE, -1) \
	X(mremap, 25, 216, OTHER, NONE, NONE, -1) \
	X(msync, 26, 227, MEM, NONE, NONE, -1) \
	X(mincore, 27, 232, OTHER, NONE, NONE, -1) \
	X(madvise, 28, 233, MEM, NONE, NONE, -1) \
	X(shmget, 29, 194, OTHER, NONE, NONE, -1) \
	X(shmat, 30, 196, OTHER, NONE, NONE, -1) \
	X(shmctl, 31, 195, OTHER, NONE, NONE, -1) \
	X(dup, 32, 23, OTHER, NONE, NONE, -1) \
	X(dup2, 33, -1, OTHER, NONE, NONE, -1) \
	X(pause, 34, -1, OTHER, NONE, NONE, -1) \
	X(nanosleep, 35, 101, OTHER, NONE, NONE, -1) \
	X(getitimer, 36, 102, OTHER, NONE, NONE, -1) \
	X(alarm, 37, -1, OTHER, NONE, NONE, -1) \
	X(setitimer, 38, 103, OTHER, NONE, NONE, -1) \
	X(getpid, 39, 172, OTHER, NONE, NONE, -1) \
	X(sendfile, 40, 71, SENDFILE, ARG0, ARG1, CS_C_BYTES_SENDFILE) \
	X(socket, 41, 198, FD, RET, NONE, -1) \
	X(connect, 42, 203, FD, NONE, NONE, -1) \
	X(accept, 43, 202, FD, RET, NONE, -1) \
	X(sendto, 44, 206, SEND, ARG0, NONE, CS_C_BYTES_SENT) \
	X(recvfrom, 45, 207, RECV, ARG0, NONE, CS_C_BYTES_RECEIVED) \
	X(sendmsg, 46, 211, SEND, ARG0, NONE, CS_C_BYTES_SENT) \
	X(recvmsg, 47, 212, RECV, ARG0, NONE, CS_C_BYTES_RECEIVED) \
	X(shutdown, 48, 210, OTHER, NONE, NONE, -1) \
	X(bind, 49, 200, FD, NONE, NONE, -1) \
	X(listen, 50, 201, FD, NONE, NONE, -1) \
	X(getsockname, 51, 204, OTHER, NONE, NONE, -1) \
	X(getpeername, 52, 205, OTHER, NONE, NONE, -1) \
	X(socketpair, 53, 199, FD, NONE, NONE, -1) \
	X(setsockopt, 54, 208, OTHER, NONE, NONE, -1) \
	X(getsockopt, 55, 209, OTHER, NONE, NONE, -1) \
	X(clone, 56, 220, OTHER, NONE, NONE, -1) \
	X(fork, 57, -1, OTHER, NONE, NONE, -1) \
	X(vfork, 58, -1, OTHER, NONE, NONE, -1) \
	X(execve, 59, 221, OTHER, NONE, NONE, -1) \
	X(exit, 60, 93, OTHER, NONE, NONE, -1) \
	X(wait4, 61, 260, OTHER, NONE, NONE, -1) \
	X(kill, 62, 129, OTHER, NONE, NONE, -1) \
	X(uname, 63, 160, OTHER, NONE, NONE, -1) \
	X(semget, 64, 190, OTHER, NONE, NONE, -1) \
	X(semop, 65, 193, OTHER, NONE, NONE, -1) \
	X(semctl, 66, 191, OTHER, NONE, NONE, -1) \
	X(shmdt, 67, 197, OTHER, NONE, NONE, -1) \
	X(msgget, 68, 186, OTHER, NONE, NONE, -1) \
	X(msgsnd, 69, 189, OTHER, NONE, NONE, -1) \
	X(msgrcv, 70, 188, OTHER, NONE, NONE, -1) \
	X(msgctl, 71, 187, OTHER, NONE, NONE, -1) \
	X(fcntl, 72, 25, FD, ARG0, NONE, -1) \
	X(flock, 73, 32, OTHER, NONE, NONE, -1) \
	X(fsync, 74, 82, FD, ARG0, NONE, -1) \
	X(fdatasync, 75, 83, FD, ARG0, NONE, -1) \
	X(truncate, 76, 45, FD, NONE, NONE, -1) \
	X(ftruncate, 77, 46, FD, ARG0, NONE, -1) \
	X(getdents, 78, -1, OTHER, NONE, NONE, -1) \
	X(getcwd, 79, 17, OTHER, NONE, NONE, -1) \
	X(chdir, 80, 49, OTHER, NONE, NONE, -1) \
	X(fchdir, 81, 50, OTHER, NONE, NONE, -1) \
	X(rename, 82, -1, OTHER, NONE, NONE, -1) \
	X(mkdir, 83, -1, OTHER, NONE, NONE, -1) \
	X(rmdir, 84, -1, OTHER, NONE, NONE, -1) \
	X(creat, 85, -1, FD, RET, NONE, -1) \
	X(link, 86, -1, OTHER, NONE, NONE, -1) \
	X(unlink, 87, -1, OTHER, NONE, NONE, -1) \
	X(symlink, 88, -1, OTHER, NONE, NONE, -1) \
	X(readlink, 89, -1, OTHER, NONE, NONE, -1) \
	X(chmod, 90, -1, OTHER, NONE, NONE, -1) \
	X(fchmod, 91, 52, OTHER, NONE, NONE, -1) \
	X(chown, 92, -1, OTHER, NONE, NONE, -1) \
	X(fchown, 93, 55, OTHER, NONE, NONE, -1) \
	X(lchown, 94, -1, OTHER, NONE, NONE, -1) \
	X(umask, 95, 166, OTHER, NONE, NONE, -1) \
	X(gettimeofday, 96, 169, OTHER, NONE, NONE, -1) \
	X(getrlimit, 97, 163, OTHER, NONE, NONE, -1) \
	X(getrusage, 98, 165, OTHER, NONE, NONE, -1) \
	X(sysinfo, 99, 179, OTHER, NONE, NONE, -1) \
	X(times, 100, 153, OTHER, NONE, NONE, -1) \
	X(ptrace, 101, 117, OTHER, NONE, NONE, -1) \
	X(getuid, 102, 174, OTHER, NONE, NONE, -1) \
	X(syslog, 103, 116, OTHER, NONE, NONE, -1) \
	X(getgid, 104, 176, OTHER, NONE, NONE, -1) \
	X(setuid, 105, 146, OTHER, NONE, NONE, -1) \
	X(setgid, 106, 144, OTHER, NONE, NONE, -1) \
	X(geteuid, 107, 175, OTHER, NONE, NONE, -1) \
	X(getegid, 108, 177, OTHER, NONE, NONE, -1) \
	X(setpgid, 109, 154, OTHER, NONE, NONE, -1) \
	X(getppid, 110, 173, OTHER, NONE, NONE, -1) \
	X(getpgrp, 111, -1, OTHER, NONE, NONE, -1) \
	X(setsid, 112, 157, OTHER, NONE, NONE, -1) \
	X(setreuid, 113, 145, OTHER, NONE, NONE, -1) \
	X(setregid, 114, 143, OTHER, NONE, NONE, -1) \
	X(getgroups, 115, 158, OTHER, NONE, NONE, -1) \
	X(setgroups, 116, 159, OTHER, NONE, NONE, -1) \
	X(setresuid, 117, 147, OTHER, NONE, NONE, -1) \
	X(getresuid, 118, 148, OTHER, NONE, NONE, -1) \
	X(setresgid, 119, 149, OTHER, NONE, NONE, -1) \
	X(getresgid, 120, 150, OTHER, NONE, NONE, -1) \
	X(getpgid, 121, 155, OTHER, NONE, NONE, -1) \
	X(setfsuid, 122, 151, OTHER, NONE, NONE, -1) \
	X(setfsgid, 123, 152, OTHER, NONE, NONE, -1) \
	X(getsid, 124, 156, OTHER, NONE, NONE, -1) \
	X(capget, 125, 90, OTHER, NONE, NONE, -1) \
	X(capset, 126, 91, OTHER, NONE, NONE, -1) \
	X(rt_sigpending, 127, 136, OTHER, NONE, NONE, -1) \
	X(rt_sigtimedwait, 128, 137, OTHER, NONE, NONE, -1) \
	X(rt_sigqueueinfo, 129, 138, OTHER, NONE, NONE, -1) \
	X(rt_sigsuspend, 130, 133, OTHER, NONE, NONE, -1) \
	X(sigaltstack, 131, 132, OTHER, NONE, NONE, -1) \
	X(utime, 132, -1, OTHER, NONE, NONE, -1) \
	X(mknod, 133, -1, OTHER, NONE, NONE, -1) \
	X(uselib, 134, -1, OTHER, NONE, NONE, -1) \
	X(personality, 135, 92, OTHER, NONE, NONE, -1) \
	X(ustat, 136, -1, OTHER, NONE, NONE, -1) \
	X(statfs, 137, 43, OTHER, NONE, NONE, -1) \
	X(fstatfs, 138, 44, OTHER, NONE, NONE, -1) \
	X(sysfs, 139, -1, OTHER, NONE, NONE, -1) \
	X(getpriority, 140, 141, OTHER, NONE, NONE, -1) \
	X(setpriority, 141, 140, OTHER, NONE, NONE, -1) \
	X(sched_setparam, 142, 118, OTHER, NONE, NONE, -1) \
	X(sched_getparam, 143, 121, OTHER, NONE, NONE, -1) \
	X(sched_setscheduler, 144, 119, OTHER, NONE, NONE, -1) \
	X(sched_getscheduler, 145, 120, OTHER, NONE, NONE, -1) \
	X(sched_get_priority_max, 146, 125, OTHER, NONE, NONE, -1) \
	X(sched_get_priority_min, 147, 126, OTHER, NONE, NONE, -1) \
	X(sched_rr_get_interval, 148, 127, OTHER, NONE, NONE, -1) \
	X(mlock, 149, 228, OTHER, NONE, NONE, -1) \
	X(munlock, 150, 229, OTHER, NONE, NONE, -1) \
	X(mlockall, 151, 230, OTHER, NONE, NONE, -1) \
	X(munlockall, 152, 231, OTHER, NONE, NONE, -1) \
	X(vhangup, 153, 58, OTHER, NONE, NONE, -1) \
	X(modify_ldt, 154, -1, OTHER, NONE, NONE, -1) \
	X(pivot_root, 155, 41, OTHER, NONE, NONE, -1) \
	X(_sysctl, 156, -1, OTHER, NONE, NONE, -1) \
	X(prctl, 157, 167, OTHER, NONE, NONE, -1) \
	X(arch_prctl, 158, -1, OTHER, NONE, NONE, -1) \
	X(adjtimex, 159, 171, OTHER, NONE, NONE, -1) \
	X(setrlimit, 160, 164, OTHER, NONE, NONE, -1) \
	X(chroot, 161, 51, OTHER, NONE, NONE, -1) \
	X(sync, 162, 81, OTHER, NONE, NONE, -1) \
	X(acct, 163, 89, OTHER, NONE, NONE, -1) \
	X(settimeofday, 164, 170, OTHER, NONE, NONE, -1) \
	X(mount, 165, 40, OTHER, NONE, NONE, -1) \
	X(umount2, 166, 39, OTHER, NONE, NONE, -1) \
	X(swapon, 167, 224, OTHER, NONE, NONE, -1) \
	X(swapoff, 168, 225, OTHER, NONE, NONE, -1) \
	X(reboot, 169, 142, OTHER, NONE, NONE, -1) \
	X(sethostname, 170, 161, OTHER, NONE, NONE, -1) \
	X(setdomainname, 171, 162, OTHER, NONE, NONE, -1) \
	X(iopl, 172, -1, OTHER, NONE, NONE, -1) \
	X(ioperm, 173, -1, OTHER, NONE, NONE, -1) \
	X(create_module, 174, -1, OTHER, NONE, NONE, -1) \
	X(init_module, 175, 105, OTHER, NONE, NONE, -1) \
	X(delete_module, 176, 106, OTHER, NONE, NONE, -1) \
	X(get_kernel_syms, 177, -1, OTHER, NONE, NONE, -1) \
	X(query_module, 178, -1, OTHER, NONE, NONE, -1) \
	X(quotactl, 179, 60, OTHER, NONE, NONE, -1) \
	X(nfsservctl, 180, 42, OTHER, NONE, NONE, -1) \
	X(getpmsg, 181, -1, OTHER, NONE, NONE, -1) \
	X(putpmsg, 182, -1, OTHER, NONE, NONE, -1) \
	X(afs_syscall, 183, -1, OTHER, NONE, NONE, -1) \
	X(tuxcall, 184, -1, OTHER, NONE, NONE, -1) \
	X(security, 185, -1, OTHER, NONE, NONE, -1) \
	X(gettid, 186, 178, OTHER, NONE, NONE, -1) \
	X(readahead, 187, 213, OTHER, NONE, NONE, -1) \
	X(setxattr, 188, 5, OTHER, NONE, NONE, -1) \
	X(lsetxattr, 189, 6, OTHER, NONE, NONE, -1) \
	X(fsetxattr, 190, 7, OTHER, NONE, NONE, -1) \
	X(getxattr, 191, 8, OTHER, NONE, NONE, -1) \
	X(lgetxattr, 192, 9, OTHER, NONE, NONE, -1) \
	X(fgetxattr, 193, 10, OTHER, NONE, NONE, -1) \
	X(listxattr, 194, 11, OTHER, NONE, NONE, -1) \
	X(llistxattr, 195, 12, OTHER, NONE, NONE, -1) \
	X(flistxattr, 196, 13, OTHER, NONE, NONE, -1) \
	X(removexattr, 197, 14, OTHER, NONE, NONE, -1) \
	X(lremovexattr, 198, 15, OTHER, NONE, NONE, -1) \
	X(fremovexattr, 199, 16, OTHER, NONE, NONE, -1) \
	X(tkill, 200, 130, OTHER, NONE, NONE, -1) \
	X(time, 201, -1, OTHER, NONE, NONE, -1) \
	X(futex, 202, 98, OTHER, NONE, NONE, -1) \
	X(sched_setaffinity, 203, 122, OTHER, NONE, NONE, -1) \
	X(sched_getaffinity, 204, 123, OTHER, NONE, NONE, -1) \
	X(set_thread_area, 205, -1, OTHER, NONE, NONE, -1) \
	X(io_setup, 206, 0, OTHER, NONE, NONE, -1) \
	X(io_destroy, 207, 1, OTHER, NONE, NONE, -1) \
	X(io_getevents, 208, 4, OTHER, NONE, NONE, -1) \
	X(io_submit, 209, 2, OTHER, NONE, NONE, -1) \
	X(io_cancel, 210, 3, OTHER, NONE, NONE, -1) \
	X(get_thread_area, 211, -1, OTHER, NONE, NONE, -1) \
	X(lookup_dcookie, 212, 18, OTHER, NONE, NONE, -1) \
	X(epoll_create, 213, -1, OTHER, NONE, NONE, -1) \
	X(epoll_ctl_old, 214, -1, OTHER, NONE, NONE, -1) \
	X(epoll_wait_old, 215, -1, OTHER, NONE, NONE, -1) \
	X(remap_file_pages, 216, 234, OTHER, NONE, NONE, -1) \
	X(getdents64, 217, 61, OTHER, NONE, NONE, -1) \
	X(set_tid_address, 218, 96, OTHER, NONE, NONE, -1) \
	X(restart_syscall, 219, 128, OTHER, NONE, NONE, -1) \
	X(semtimedop, 220, 192, OTHER, NONE, NONE, -1) \
	X(fadvise64, 221, 223, FD, ARG0, NONE, -1) \
	X(timer_create, 222, 107, OTHER, NONE, NONE, -1) \
	X(timer_settime, 223, 110, OTHER, NONE, NONE, -1) \
	X(timer_gettime, 224, 108, OTHER, NONE, NONE, -1) \
	X(timer_getoverrun, 225, 109, OTHER, NONE, NONE, -1) \
	X(timer_delete, 226, 111, OTHER, NONE, NONE, -1) \
	X(clock_settime, 227, 112, OTHER, NONE, NONE, -1) \
	X(clock_gettime, 228, 113, OTHER, NONE, NONE, -1) \
	X(clock_getres, 229, 114, OTHER, NONE, NONE, -1) \
	X(clock_nanosleep, 230, 115, OTHER, NONE, NONE, -1) \
	X(exit_group, 231, 94, OTHER, NONE, NONE, -1) \
	X(epoll_wait, 232, -1, OTHER, NONE, NONE, -1) \
	X(epoll_ctl, 233, 21, OTHER, NONE, NONE, -1) \
	X(tgkill, 234, 131, OTHER, NONE, NONE, -1) \
	X(utimes, 235, -1, OTHER, NONE, NONE, -1) \
	X(vserver, 236, -1, OTHER, NONE, NONE, -1) \
	X(mbind, 237, 235, OTHER, NONE, NONE, -1) \
	X(set_mempolicy, 238, 237, OTHER, NONE, NONE, -1) \
	X(get_mempolicy, 239, 236, OTHER, NONE, NONE, -1) \
	X(mq_open, 240, 180, OTHER, NONE, NONE, -1) \
	X(mq_unlink, 241, 181, OTHER, NONE, NONE, -1) \
	X(mq_timedsend, 242, 182, OTHER, NONE, NONE, -1) \
	X(mq_timedreceive, 243, 183, OTHER, NONE, NONE, -1) \
	X(mq_notify, 244, 184, OTHER, NONE, NONE, -1) \
	X(mq_getsetattr, 245, 185, OTHER, NONE, NONE, -1) \
	X(kexec_load, 246, 104, OTHER, NONE, NONE, -1) \
	X(waitid, 247, 95, OTHER, NONE, NONE, -1) \
	X(add_key, 248, 217, OTHER, NONE, NONE, -1) \
	X(request_key, 249, 218, OTHER, NONE, NONE, -1) \
	X(keyctl, 250, 219, OTHER, NONE, NONE, -1) \
	X(ioprio_set, 251, 30, OTHER, NONE, NONE, -1) \
	X(ioprio_get, 252, 31, OTHER, NONE, NONE, -1) \
	X(inotify_init, 253, -1, OTHER, NONE, NONE, -1) \
	X(inotify_add_watch, 254, 27, OTHER, NONE, NONE, -1) \
	X(inotify_rm_watch, 255, 28, OTHER, NONE, NONE, -1) \
	X(migrate_pages, 256, 238, OTHER, NONE, NONE, -1) \
	X(openat, 257, 56, FD, RET, NONE, -1) \
	X(mkdirat, 258, 34, OTHER, NONE, NONE, -1) \
	X(mknodat, 259, 33, OTHER, NONE, NONE, -1) \
	X(fchownat, 260, 54, OTHER, NONE, NONE, -1) \
	X(futimesat, 261, -1, OTHER, NONE, NONE, -1) \
	X(newfstatat, 262, 79, OTHER, NONE, NONE, -1) \
	X(unlinkat, 263, 35, OTHER, NONE, NONE, -1) \
	X(renameat, 264, 38, OTHER, NONE, NONE, -1) \
	X(linkat, 265, 37, OTHER, NONE, NONE, -1) \
	X(symlinkat, 266, 36, OTHER, NONE, NONE, -1) \
	X(readlinkat, 267, 78, OTHER, NONE, NONE, -1) \
	X(fchmodat, 268, 53, OTHER, NONE, NONE, -1) \
	X(faccessat, 269, 48, OTHER, NONE, NONE, -1) \
	X(pselect6, 270, 72, OTHER, NONE, NONE, -1) \
	X(ppoll, 271, 73, OTHER, NONE, NONE, -1) \
	X(unshare, 272, 97, OTHER, NONE, NONE, -1) \
	X(set_robust_list, 273, 99, OTHER, NONE, NONE, -1) \
	X(get_robust_list, 274, 100, OTHER, NONE, NONE, -1) \
	X(splice, 275, 76, SPLICE, ARG0, ARG2, CS_C_BYTES_SPLICE) \
	X(tee, 276, 77, TEE, ARG0, ARG1, CS_C_BYTES_TEE) \
	X(sync_file_range, 277, 84, OTHER, NONE, NONE, -1) \
	X(vmsplice, 278, 75, VMSPLICE, ARG0, NONE, CS_C_BYTES_VMSPLICE) \
	X(move_pages, 279, 239, OTHER, NONE, NONE, -1) \
	X(utimensat, 280, 88, OTHER, NONE, NONE, -1) \
	X(epoll_pwait, 281, 22, OTHER, NONE, NONE, -1) \
	X(signalfd, 282, -1, OTHER, NONE, NONE, -1) \
	X(timerfd_create, 283, 85, OTHER, NONE, NONE, -1) \
	X(eventfd, 284, -1, OTHER, NONE, NONE, -1) \
	X(fallocate, 285, 47, OTHER, NONE, NONE, -1) \
	X(timerfd_settime, 286, 86, OTHER, NONE, NONE, -1) \
	X(timerfd_gettime, 287, 87, OTHER, NONE, NONE, -1) \
	X(accept4, 288, 242, FD, RET, NONE, -1) \
	X(signalfd4, 289, 74, OTHER, NONE, NONE, -1) \
	X(eventfd2, 290, 19, OTHER, NONE, NONE, -1) \
	X(epoll_create1, 291, 20, OTHER, NONE, NONE, -1) \
	X(dup3, 292, 24, OTHER, NONE, NONE, -1) \
	X(pipe2, 293, 59, FD, NONE, NONE, -1) \
	X(inotify_init1, 294, 26, OTHER, NONE, NONE, -1) \
	X(preadv, 295, 69, READ, ARG0, NONE, CS_C_BYTES_READ) \
	X(pwritev, 296, 70, WRITE, ARG0, NONE, CS_C_BYTES_WRITTEN) \
	X(rt_tgsigqueueinfo, 297, 240, OTHER, NONE, NONE, -1) \
	X(perf_event_open, 298, 241, OTHER, NONE, NONE, -1) \
	X(recvmmsg, 299, 243, RECV, ARG0, NONE, CS_C_BYTES_RECEIVED) \
	X(fanotify_init, 300, 262, OTHER, NONE, NONE, -1) \
	X(fanotify_mark, 301, 263, OTHER, NONE, NONE, -1) \
	X(prlimit64, 302, 261, OTHER, NONE, NONE, -1) \
	X(name_to_handle_at, 303, 264, OTHER, NONE, NONE, -1) \
	X(open_by_handle_at, 304, 265, OTHER, NONE, NONE, -1) \
	X(clock_adjtime, 305, 266, OTHER, NONE, NONE, -1) \
	X(syncfs, 306, 267, OTHER, NONE, NONE, -1) \
	X(sendmmsg, 307, 269, SEND, ARG0, NONE, CS_C_BYTES_SENT) \
	X(setns, 308, 268, OTHER, NONE, NONE, -1) \
	X(getcpu, 309, 168, OTHER, NONE, NONE, -1) \
	X(process_vm_readv, 310, 270, OTHER, NONE, NONE, -1) \
	X(process_vm_writev, 311, 271, OTHER, NONE, NONE, -1) \
	X(kcmp, 312, 272, OTHER, NONE, NONE, -1) \
	X(finit_module, 313, 273, OTHER, NONE, NONE, -1) \
	X(sched_setattr, 314, 274, OTHER, NONE, NONE, -1) \
	X(sched_getattr, 315, 275, OTHER, NONE, NONE, -1) \
	X(renameat2, 316, 276, OTHER, NONE, NONE, -1) \
	X(seccomp, 317, 277, OTHER, NONE, NONE, -1) \
	X(getrandom, 318, 278, OTHER, NONE, NONE, -1) \
	X(memfd_create, 319, 279, OTHER, NONE, NONE, -1) \
	X(kexec_file_load, 320, 294, OTHER, NONE, NONE, -1) \
	X(bpf, 321, 280, OTHER, NONE, NONE, -1) \
	X(execveat, 322, 281, OTHER, NONE, NONE, -1) \
	X(userfaultfd, 323, 282, OTHER, NONE, NONE, -1) \
	X(membarrier, 324, 283, OTHER, NONE, NONE, -1) \
	X(mlock2, 325, 284, OTHER, NONE, NONE, -1) \
	X(copy_file_range, 326, 285, COPY_RANGE, ARG0, ARG2, CS_C_BYTES_COPY_RANGE) \
	X(preadv2, 327, 286, READ, ARG0, NONE, CS_C_BYTES_READ) \
	X(pwritev2, 328, 287, WRITE, ARG0, NONE, CS_C_BYTES_WRITTEN) \
	X(pkey_mprotect, 329, 288, OTHER, NONE, NONE, -1) \
	X(pkey_alloc, 330, 289, OTHER, NONE, NONE, -1) \
	X(pkey_free, 331, 290, OTHER, NONE, NONE, -1) \
	X(statx, 332, 291, OTHER, NONE, NONE, -1) \
	X(io_pgetevents, 333, 292, OTHER, NONE, NONE, -1) \
	X(rseq, 334, 293, OTHER, NONE, NONE, -1) \
	X(pidfd_send_signal, 424, 424, OTHER, NONE, NONE, -1) \
	X(io_uring_setup, 425, 425, FD, RET, NONE, -1) \
	X(io_uring_enter, 426, 426, URING_ENTER, ARG0, NONE, -1) \
	X(io_uring_register, 427, 427, OTHER, NONE, NONE, -1) \
	X(open_tree, 428, 428, OTHER, NONE, NONE, -1) \
	X(move_mount, 429, 429, OTHER, NONE, NONE, -1) \
	X(fsopen, 430, 430, OTHER, NONE, NONE, -1) \
	X(fsconfig, 431, 431, OTHER, NONE, NONE, -1) \
	X(fsmount, 432, 432, OTHER, NONE, NONE, -1) \
	X(fspick, 433, 433, OTHER, NONE, NONE, -1) \
	X(pidfd_open, 434, 434, OTHER, NONE, NONE, -1) \
	X(clone3, 435, 435, OTHER, NONE, NONE, -1) \
	X(close_range, 436, 436, OTHER, NONE, NONE, -1) \
	X(openat2, 437, 437, FD, RET, NONE, -1) \
	X(pidfd_getfd, 438, 438, OTHER, NONE, NONE, -1) \
	X(faccessat2, 439, 439, OTHER, NONE, NONE, -1) \
	X(process_madvise, 440, 440, OTHER, NONE, NONE, -1) \
	X(epoll_pwait2, 441, 441, OTHER, NONE, NONE, -1) \
	X(mount_setattr, 442, 442, OTHER, NONE, NONE, -1) \
	X(quotactl_fd, 443, 443, OTHER, NONE, NONE, -1) \
	X(landlock_create_ruleset, 444, 444, OTHER, NONE, NONE, -1) \
	X(landlock_add_rule, 445, 445, OTHER, NONE, NONE, -1) \
	X(landlock_restrict_self, 446, 446, OTHER, NONE, NONE, -1) \
	X(memfd_secret, 447, 447, OTHER, NONE, NONE, -1) \
	X(process_mrelease, 448, 448, OTHER, NONE, NONE, -1) \
	X(futex_waitv, 449, 449, OTHER, NONE, NONE, -1) \
	X(set_mempolicy_home_node, 450, 450, OTHER, NONE, NONE, -1) \
	X(cachestat, 451, 451, OTHER, NONE, NONE, -1) \
	X(fchmodat2, 452, 452, OTHER, NONE, NONE, -1) \
	X(map_shadow_stack, 453, 453, OTHER, NONE, NONE, -1) \
	X(futex_wake, 454, 454, OTHER, NONE, NONE, -1) \
	X(futex_wait, 455, 455, OTHER, NONE, NONE, -1) \
	X(futex_requeue, 456, 456, OTHER, NONE, NONE, -1) \
	X(statmount, 457, 457, OTHER, NONE, NONE, -1) \
	X(listmount, 458, 458, OTHER, NONE, NONE, -1) \
	X(lsm_get_self_attr, 459, 459, OTHER, NONE, NONE, -1) \
	X(lsm_set_self_attr, 460, 460, OTHER, NONE, NONE, -1) \
	X(lsm_list_modules, 461, 461, OTHER, NONE, NONE, -1) \
	X(mseal, 462, 462, OTHER, NONE, NONE, -1) \
	X(setxattrat, 463, 463, OTHER, NONE, NONE, -1) \
	X(getxattrat, 464, 464, OTHER, NONE, NONE, -1) \
	X(listxattrat, 465, 465, OTHER, NONE, NONE, -1) \
	X(removexattrat, 466, 466, OTHER, NONE, NONE, -1) \
	X(open_tree_attr, 467, 467, OTHER, NONE, NONE, -1)
// clang-format on

/* What a system call does with data: the model's rules go by this. */
enum sc_class {
	SCC_OTHER = 0,
	SCC_READ, /* read, pread64, readv, preadv, preadv2 */
	SCC_WRITE, /* write, pwrite64, writev, pwritev, pwritev2 */
	SCC_SEND, /* sendto, sendmsg, sendmmsg */
	SCC_RECV, /* recvfrom, recvmsg, recvmmsg */
	SCC_SENDFILE,
	SCC_SPLICE,
	SCC_TEE,
	SCC_VMSPLICE,
	SCC_COPY_RANGE,
	SCC_MMAP,
	SCC_MUNMAP,
	SCC_URING_ENTER,
	SCC_FD, /* makes, ends or changes what a descriptor refers to */
	SCC_MEM, /* advice on, or write-back of, a mapping */
};

/* Which argument is a file descriptor (the fd0 and fd1 columns). */
#define CS_FDARG_NONE (-1)
#define CS_FDARG_ARG0 0
#define CS_FDARG_ARG1 1
#define CS_FDARG_ARG2 2
#define CS_FDARG_ARG4 4
#define CS_FDARG_RET 6 /* the call's result */

/* NR_read, NR_write, ...: the x86_64 numbers, as records carry them. */
#define CS_SC_NR(name, x86_64, arm64, class, fd0, fd1, counter) \
	NR_##name = x86_64,
enum cs_syscall_nr { CS_SYSCALLS(CS_SC_NR) };
#undef CS_SC_NR

/* One row of the table, indexed by its x86_64 number. */
struct cs_sc_info {
	__s8 cls; /* enum sc_class */
	__s8 fd0, fd1; /* CS_FDARG_* */
	__s8 counter; /* enum cs_counter, or -1 */
};

/*
 * Use as { CS_SYSCALLS(CS_SC_INFO) }: an array indexed by number.  The
 * numbers between rows are SCC_OTHER, which says that no other field
 * applies.
 */
#define CS_SC_INFO(name, x86_64, arm64, class, fd0, fd1, counter) \
	[x86_64] = { SCC_##class, CS_FDARG_##fd0, CS_FDARG_##fd1, counter },

/*
 * recvmsg(fd, msg, MSG_ERRQUEUE) reads notifications (zero-copy
 * completions), not data: its result is no bytes received.
 */
static inline bool syscall_is_errqueue(__u32 nr, __u64 arg2)
{
	return nr == NR_recvmsg && (arg2 & CS_MSG_ERRQUEUE);
}

#endif /* COPYSCOPE_SYSCALLS_H */
