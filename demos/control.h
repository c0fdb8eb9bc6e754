/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_DEMOS_CONTROL_H
#define COPYSCOPE_DEMOS_CONTROL_H

/*
 * The control channel between a demo and the program that watches it
 * (copyscope's tracer, or tests/demos/step_driver).
 *
 * SET-UP
 *   The watcher creates socketpair(AF_UNIX, SOCK_SEQPACKET), keeps one end
 *   and lets the demo inherit the other, then starts the demo with
 *
 *     COPYSCOPE_CONTROL_FD=<fd number of the inherited end>
 *     COPYSCOPE_CONTROL_MODE=step | run          (default: run)
 *
 *   A demo started without COPYSCOPE_CONTROL_FD runs freely and prints
 *   nothing extra.  A value that is not an open SOCK_SEQPACKET socket is an
 *   error (message on stderr, exit 1).  The demo removes both variables from
 *   its environment, marks the fd close-on-exec, closes it in every child it
 *   forks (receivers, truncators: only the demo process itself talks) and
 *   uses it for nothing else.
 *
 * MESSAGES
 *   One message per datagram, ASCII text, at most CS_CONTROL_MSG_MAX bytes,
 *   no trailing NUL or newline (a receiver tolerates either).  Fields are
 *   separated by one space; numbers are unsigned decimal; <text> runs to the
 *   end of the datagram and may contain spaces but no control characters.
 *
 *   demo -> watcher
 *     hello <demo-name> <pid>      first message; <demo-name> is the program
 *                                  name (io_uring for every io_uring variant)
 *     phase setup <ns>             preparing (file, cache state, receiver)
 *     phase transfer <ns>          sent right before the first I/O system
 *                                  call of the transfer: start counting
 *     phase done <ns>              sent right after the last one: stop
 *     step <seq> <label>           sent before each I/O system call of the
 *                                  transfer; <seq> counts from 1 and keeps
 *                                  counting across --bench repetitions
 *     result ok <bytes> <ns>       every byte arrived and was verified
 *     result fail <text>           why not
 *
 *     <ns> in phase messages is clock_gettime(CLOCK_MONOTONIC) in
 *     nanoseconds, read just before the message is sent.  In "result ok",
 *     <bytes> and <ns> are the bytes moved and the nanoseconds from the
 *     start of the transfer until the receiver had the last byte, summed
 *     over --bench repetitions.  With --bench N the phases repeat:
 *     setup, then (transfer, done) N times, then one result.
 *
 *     A label names the system call first and says what it moves, for
 *     example "read(file, 64 KiB)", "write(socket, 64 KiB)",
 *     "sendfile(socket <- file, 16 MiB)", "splice(pipe -> socket, 64 KiB)",
 *     "io_uring_enter(READ 64 KiB + SEND 64 KiB)".  The cow demo also
 *     announces its memory stores ("store(private memory, 64 KiB)"): they
 *     are not system calls, but each one takes page faults that copy pages.
 *
 *   watcher -> demo
 *     go                           step mode: run the announced call
 *     quit                         stop now: clean up, exit status 3
 *
 * MODES
 *   step  After each "step" message the demo blocks until it receives "go"
 *         or "quit".  A closed channel counts as "quit".
 *   run   The demo never waits.  "step" messages are sent without blocking
 *         and are dropped (never delayed) when the watcher's receive queue is
 *         full: gaps in <seq> show how many.  Before each step the demo
 *         checks, without blocking, whether "quit" has arrived.  hello, phase
 *         and result messages are always sent, blocking if necessary.
 *
 *   Every control message is one send() on the control fd, every wait or
 *   check one recv() on it: a tracer that counts system calls should leave
 *   out those on this fd.
 *
 * EXIT STATUS of every demo
 *   0 moved and verified (mmap_sigbus: both scenarios behaved as explained)
 *   1 failed (message on stderr)   2 usage error   3 stopped by "quit"
 */

#define CS_CONTROL_FD_ENV "COPYSCOPE_CONTROL_FD"
#define CS_CONTROL_MODE_ENV "COPYSCOPE_CONTROL_MODE"

/* Longest message in bytes, without any terminating NUL. */
#define CS_CONTROL_MSG_MAX 128

#define CS_DEMO_EXIT_OK 0
#define CS_DEMO_EXIT_FAIL 1
#define CS_DEMO_EXIT_USAGE 2
#define CS_DEMO_EXIT_QUIT 3

#endif /* COPYSCOPE_DEMOS_CONTROL_H */
