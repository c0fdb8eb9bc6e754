// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * workload.c - programs with exactly known I/O, for the root tests.
 *
 *   workload io FILE     read FILE in 64 KiB chunks; write each chunk to a
 *                        pipe and to a TCP socket on loopback; a child
 *                        process reads both ends
 *   workload forks       two threads, a child process, a thread in the
 *                        child: each writes a size of its own to /dev/null
 *   workload spin N      N one-byte writes to /dev/null
 *   workload busy N      spin in user space without a system call until
 *                        SIGUSR1, then N one-byte writes to /dev/null:
 *                        a thread that is running, never switched out,
 *                        when a tracer attaches to it
 *   workload signalled N wait for SIGUSR1, then write N bytes to
 *                        /dev/null in 4 KiB writes
 *   workload prefork K N a master that forks K workers and waits for
 *                        them: worker i is "signalled (i + 1) * N", as a
 *                        pre-forking server's workers, started before
 *                        the tracer is
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK 65536

static int die(const char *what)
{
	perror(what);
	exit(1);
}

static size_t read_all(int fd, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0)
			die("read");
		if (r == 0)
			break;
		got += r;
	}
	return got;
}

/* the child: drain the pipe and the socket, one chunk of each in turn */
static void drain(int pipe_rd, int sock)
{
	static char buf[CHUNK];
	size_t p = 1, s = 1;

	while (p || s) {
		p = p ? read_all(pipe_rd, buf, CHUNK) : 0;
		s = s ? read_all(sock, buf, CHUNK) : 0;
	}
	_exit(0);
}

static int io(const char *path)
{
	static char buf[CHUNK];
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int fd, lis, sock, conn, pfd[2];
	ssize_t n;
	pid_t pid;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	if (pipe(pfd))
		die("pipe");
	lis = socket(AF_INET, SOCK_STREAM, 0);
	if (lis < 0 || bind(lis, (void *)&a, sizeof(a)) || listen(lis, 1) ||
	    getsockname(lis, (void *)&a, &alen))
		die("listen");
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (void *)&a, sizeof(a)))
		die("connect");
	conn = accept(lis, NULL, NULL);
	if (conn < 0)
		die("accept");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(pfd[1]);
		close(sock);
		drain(pfd[0], conn);
	}
	close(pfd[0]);
	close(conn);
	while ((n = read(fd, buf, CHUNK)) > 0) {
		if (write(pfd[1], buf, n) != n || write(sock, buf, n) != n)
			die("write");
	}
	close(pfd[1]);
	close(sock);
	waitpid(pid, NULL, 0);
	return 0;
}

static int devnull;

static void writes(size_t size, int times)
{
	char buf[64] = { 0 };

	for (int i = 0; i < times; i++)
		if (write(devnull, buf, size) != (ssize_t)size)
			die("write");
}

static void *thread_a(void *arg)
{
	(void)arg;
	writes(11, 10);
	return NULL;
}

static void *thread_b(void *arg)
{
	(void)arg;
	writes(22, 10);
	return NULL;
}

static void *thread_d(void *arg)
{
	(void)arg;
	writes(44, 3);
	return NULL;
}

static int forks(void)
{
	pthread_t a, b, d;
	pid_t pid;

	devnull = open("/dev/null", O_WRONLY);
	if (devnull < 0)
		die("/dev/null");
	pthread_create(&a, NULL, thread_a, NULL);
	pthread_join(a, NULL);
	pthread_create(&b, NULL, thread_b, NULL);
	pthread_join(b, NULL);
	pid = fork();
	if (pid == 0) {
		writes(33, 5);
		pthread_create(&d, NULL, thread_d, NULL);
		pthread_join(d, NULL);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	return 0;
}

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static int busy(int n)
{
	devnull = open("/dev/null", O_WRONLY);
	if (devnull < 0)
		die("/dev/null");
	signal(SIGUSR1, on_usr1);
	while (!go)
		;
	writes(1, n);
	return 0;
}

/*
 * cow N: N pages of private memory at COW_REGION, filled, then fork(); the
 * parent writes one byte into each (N copies on write: the child still
 * shares them) and into each of N pages at COW_REGION_NEW that nobody had
 * touched (new pages, no copy).  Then the child may go.
 */
#define COW_PAGE 4096
#define COW_REGION 0x7e0000000000ul
#define COW_REGION_NEW 0x7e1000000000ul

static char *cow_map(unsigned long at, size_t len)
{
	char *p =
		mmap((void *)at, len, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != (char *)at)
		die("mmap");
	/* one fault, one small page */
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

static int cow(int n)
{
	size_t len = (size_t)n * COW_PAGE;
	char *old = cow_map(COW_REGION, len),
	     *fresh = cow_map(COW_REGION_NEW, len);
	int go[2];
	pid_t pid;
	char c;

	memset(old, 1, len);
	if (pipe(go) < 0)
		die("pipe");
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) < 0)
			_exit(1);
		_exit(old[len - 1] == 1 ? 0 : 1);
	}
	for (size_t off = 0; off < len; off += COW_PAGE) {
		old[off] = 2;
		fresh[off] = 2;
	}
	if (write(go[1], "g", 1) != 1)
		die("write");
	waitpid(pid, NULL, 0);
	return 0;
}

/* Block SIGUSR1 (children inherit the mask), for sigwait(). */
static void block_usr1(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGUSR1);
	sigprocmask(SIG_BLOCK, set, NULL);
}

static int signalled(long n)
{
	static char buf[4096];
	sigset_t set;
	int sig, fd;

	block_usr1(&set);
	if (sigwait(&set, &sig))
		die("sigwait");
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		die("/dev/null");
	while (n > 0) {
		size_t len = n < (long)sizeof(buf) ? (size_t)n : sizeof(buf);
		ssize_t w = write(fd, buf, len);

		if (w <= 0)
			die("write");
		n -= w;
	}
	return 0;
}

static int prefork(int k, long n)
{
	sigset_t set;

	block_usr1(&set);
	for (int i = 0; i < k; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(signalled((i + 1) * n));
	}
	while (wait(NULL) > 0)
		;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "signalled"))
		return signalled(atol(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "prefork"))
		return prefork(atoi(argv[2]), atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "io"))
		return io(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "forks"))
		return forks();
	if (argc == 3 && !strcmp(argv[1], "spin")) {
		devnull = open("/dev/null", O_WRONLY);
		writes(1, atoi(argv[2]));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "busy"))
		return busy(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "cow"))
		return cow(atoi(argv[2]));
	fprintf(stderr,
		"usage: workload io FILE | forks | spin N | busy N | cow N | "
		"signalled N | prefork K N\n");
	return 2;
}
