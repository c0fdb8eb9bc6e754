// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ends_pair.c - a file sent over loopback TCP and written to a file, with
 * exactly known ends, for tests/root/test_ends.sh:
 *
 *   ends_pair SRC DST GO
 *
 * The process reads SRC in 64 KiB chunks and send()s each on a TCP
 * connection to its child, which recv()s exactly SRC's size and write()s
 * it to DST.  Then both keep every descriptor open until the file GO
 * exists: the test lets them go once the trace has named their ends.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 65536

static char buf[CHUNK];

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Until GO exists (a state the test makes), polled every 10 ms. */
static void hold(const char *go)
{
	struct timespec ts = { 0, 10000000 };

	while (access(go, F_OK))
		nanosleep(&ts, NULL);
}

static void receiver(int lis, const char *dst, off_t size, const char *go)
{
	off_t got = 0;
	int conn, out;
	ssize_t n;

	conn = accept(lis, NULL, NULL);
	if (conn < 0)
		die("accept");
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		die(dst);
	while (got < size) {
		n = recv(conn, buf, CHUNK, 0);
		if (n <= 0)
			die("recv");
		if (write(out, buf, (size_t)n) != n)
			die("write");
		got += n;
	}
	hold(go);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int lis, sock, fd, status;
	struct stat st;
	ssize_t n;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: ends_pair SRC DST GO\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		die(argv[1]);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lis = socket(AF_INET, SOCK_STREAM, 0);
	if (lis < 0 || bind(lis, (void *)&a, sizeof(a)) || listen(lis, 1) ||
	    getsockname(lis, (void *)&a, &alen))
		die("listen");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(fd);
		receiver(lis, argv[2], st.st_size, argv[3]);
	}
	close(lis);
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (void *)&a, sizeof(a)))
		die("connect");
	while ((n = read(fd, buf, CHUNK)) > 0)
		if (send(sock, buf, (size_t)n, 0) != n)
			die("send");
	if (n < 0)
		die("read");
	hold(argv[3]);
	close(fd);
	close(sock);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}
