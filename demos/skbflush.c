// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include "demos/skbflush.h"

/* One datagram to ourselves through lo: its receive runs on this CPU. */
static int loop_datagram(int fd, const struct sockaddr_in *self)
{
	char b = 0;

	if (sendto(fd, &b, 1, 0, (const struct sockaddr *)self,
		   sizeof(*self)) != 1)
		return -1;
	return recv(fd, &b, 1, 0) == 1 ? 0 : -1;
}

int skb_defer_flush(void)
{
	struct sockaddr_in self = { .sin_family = AF_INET };
	socklen_t len = sizeof(self);
	cpu_set_t mask, one;
	int fd, rc = -1, err = 0;

	if (sched_getaffinity(0, sizeof(mask), &mask) < 0)
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&self, sizeof(self)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&self, &len) < 0)
		goto out;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &mask))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		/* a CPU that went offline since: nothing of ours is there */
		if (sched_setaffinity(0, sizeof(one), &one) < 0)
			continue;
		if (loop_datagram(fd, &self) < 0) {
			err = errno;
			break;
		}
	}
	/* back to where the demo may run */
	if (sched_setaffinity(0, sizeof(mask), &mask) < 0 && !err)
		err = errno;
	rc = err ? -1 : 0;
	errno = err;
out:
	if (rc < 0 && !err)
		err = errno;
	close(fd);
	if (rc < 0)
		errno = err;
	return rc;
}
