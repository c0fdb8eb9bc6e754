/* SPDX-License-Identifier: GPL-2.0 */
#ifndef COPYSCOPE_DEMOS_SKBFLUSH_H
#define COPYSCOPE_DEMOS_SKBFLUSH_H

/*
 * Free the socket buffers the kernel keeps on its per-CPU "defer" lists.
 *
 * An skb freed on another CPU than the one that allocated it is queued on
 * the allocating CPU's list (skb_attempt_defer_free) and freed only when
 * that CPU next runs its network receive softirq.  On a quiet machine that
 * can be seconds later, and until then the skb's page fragments pin the
 * page-cache pages an earlier sendfile() or splice() gave it: they cannot
 * be evicted, and --cold fails.  (Measured here: 128 to 432 pages of a
 * 4 MiB file stuck after one sendfile run with net.core.skb_defer_max=64,
 * none with 0, and none after one loopback datagram on each CPU.)
 *
 * So: on each CPU this process may run on, send one loopback datagram to
 * itself and receive it, which runs that CPU's receive softirq.  Always the
 * same system calls, whatever was pending, so a traced set-up looks the
 * same on every run.  Returns 0, or -1 with errno set.
 */
int skb_defer_flush(void);

#endif /* COPYSCOPE_DEMOS_SKBFLUSH_H */
