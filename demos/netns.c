// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Network namespaces, a veth pair and scatter-gather, without any external
 * tool: rtnetlink to create the pair, classic ioctls for the rest.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "demos/cleanup.h"
#include "demos/control_client.h"
#include "demos/netns.h"
#include "demos/util.h"

#define SENDER_ADDR "10.199.0.1"
#define RECEIVER_ADDR "10.199.0.2"
#define NETMASK "255.255.255.0"
#define PORT 7099

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int rc = -1;

	if (fd < 0)
		return -1;
	if (write(fd, s, strlen(s)) == (ssize_t)strlen(s))
		rc = 0;
	close(fd);
	return rc;
}

static int if_up(const char *ifname, int mtu);

/*
 * A new namespace's loopback is down.  Up, it carries the datagram that
 * frees the socket buffers an earlier run left (demos/skbflush.h) before
 * a cold run evicts the file.
 */
static int loopback_up(char *err, size_t errlen)
{
	if (if_up("lo", 0) == 0)
		return 0;
	snprintf(err, errlen, "bringing up lo in the new namespace: %s",
		 strerror(errno));
	return -1;
}

int netns_enter_private(char *err, size_t errlen)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (uid == 0) {
		if (unshare(CLONE_NEWNET) == 0)
			return loopback_up(err, errlen);
		snprintf(err, errlen, "unshare(CLONE_NEWNET): %s",
			 strerror(errno));
		return -1;
	}
	/* Not root: a user namespace gives us the right to make the rest. */
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0) {
		snprintf(err, errlen,
			 "unshare(CLONE_NEWUSER | CLONE_NEWNET): %s "
			 "(run as root, or allow unprivileged user namespaces)",
			 strerror(errno));
		return -1;
	}
	snprintf(map, sizeof(map), "%u %u 1", (unsigned int)uid,
		 (unsigned int)uid);
	if (write_file("/proc/self/setgroups", "deny") < 0 ||
	    write_file("/proc/self/uid_map", map) < 0)
		goto map_fail;
	snprintf(map, sizeof(map), "%u %u 1", (unsigned int)gid,
		 (unsigned int)gid);
	if (write_file("/proc/self/gid_map", map) < 0)
		goto map_fail;
	return loopback_up(err, errlen);
map_fail:
	snprintf(err, errlen, "user namespace id maps: %s", strerror(errno));
	return -1;
}

/* ---- rtnetlink: just enough to create a veth pair ---------------------- */

struct nlbuf {
	char data[1024];
	size_t len;
};

static struct rtattr *nl_put(struct nlbuf *b, unsigned short type,
			     const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)(b->data + b->len);
	size_t total = RTA_ALIGN(RTA_LENGTH(len));

	if (b->len + total > sizeof(b->data))
		return NULL;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	b->len += total;
	return a;
}

/* Close a nested attribute opened with nl_put(b, type, NULL, 0). */
static void nl_end(struct nlbuf *b, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)(b->data + b->len - (char *)nest);
}

static int nl_talk(struct nlbuf *b)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char reply[4096];
	struct nlmsghdr *h;
	ssize_t n;
	int fd, rc = -1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	if (sendto(fd, b->data, b->len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		goto out;
	n = recv(fd, reply, sizeof(reply), 0);
	if (n < 0)
		goto out;
	for (h = (struct nlmsghdr *)reply; NLMSG_OK(h, (size_t)n);
	     h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(h);

			errno = -e->error;
			rc = e->error ? -1 : 0;
			goto out;
		}
	}
	errno = EPROTO;
out:
	close(fd);
	return rc;
}

/*
 * RTM_NEWLINK kind veth: name here, peer named peer and created directly in
 * the network namespace of process peer_pid.
 */
static int veth_create(const char *name, const char *peer, pid_t peer_pid)
{
	struct nlbuf b = { .len = 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)b.data;
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *linkinfo, *data, *peer_info;
	uint32_t pid = (uint32_t)peer_pid;

	b.len = NLMSG_LENGTH(sizeof(ifi));
	h->nlmsg_type = RTM_NEWLINK;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	memcpy(NLMSG_DATA(h), &ifi, sizeof(ifi));
	nl_put(&b, IFLA_IFNAME, name, strlen(name) + 1);
	linkinfo = nl_put(&b, IFLA_LINKINFO, NULL, 0);
	nl_put(&b, IFLA_INFO_KIND, "veth", 4);
	data = nl_put(&b, IFLA_INFO_DATA, NULL, 0);
	/* The peer's attributes start with their own struct ifinfomsg. */
	peer_info = nl_put(&b, VETH_INFO_PEER, &ifi, sizeof(ifi));
	nl_put(&b, IFLA_IFNAME, peer, strlen(peer) + 1);
	if (!nl_put(&b, IFLA_NET_NS_PID, &pid, sizeof(pid)))
		return errno = EMSGSIZE, -1;
	nl_end(&b, peer_info);
	nl_end(&b, data);
	nl_end(&b, linkinfo);
	h->nlmsg_len = (uint32_t)b.len;
	return nl_talk(&b);
}

/* Delete a link (for a veth pair: both ends, at once). */
static int link_delete(const char *name)
{
	struct nlbuf b = { .len = 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)b.data;
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };

	b.len = NLMSG_LENGTH(sizeof(ifi));
	h->nlmsg_type = RTM_DELLINK;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	memcpy(NLMSG_DATA(h), &ifi, sizeof(ifi));
	nl_put(&b, IFLA_IFNAME, name, strlen(name) + 1);
	h->nlmsg_len = (uint32_t)b.len;
	return nl_talk(&b);
}

/* ---- ioctls on an interface of the current namespace ------------------- */

static int if_ioctl(const char *ifname, unsigned long req, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return -1;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ifname);
	rc = ioctl(fd, req, ifr);
	close(fd);
	return rc;
}

static int if_set_addr(const char *ifname, const char *addr, const char *mask)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	inet_pton(AF_INET, addr, &sa.sin_addr);
	memcpy(&ifr.ifr_addr, &sa, sizeof(sa));
	if (if_ioctl(ifname, SIOCSIFADDR, &ifr) < 0)
		return -1;
	inet_pton(AF_INET, mask, &sa.sin_addr);
	memcpy(&ifr.ifr_netmask, &sa, sizeof(sa));
	return if_ioctl(ifname, SIOCSIFNETMASK, &ifr);
}

static int if_up(const char *ifname, int mtu)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (mtu > 0) {
		ifr.ifr_mtu = mtu;
		if (if_ioctl(ifname, SIOCSIFMTU, &ifr) < 0)
			return -1;
	}
	if (if_ioctl(ifname, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	return if_ioctl(ifname, SIOCSIFFLAGS, &ifr);
}

static int if_running(const char *ifname)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (if_ioctl(ifname, SIOCGIFFLAGS, &ifr) < 0)
		return 0;
	return (ifr.ifr_flags & IFF_RUNNING) != 0;
}

/*
 * Scatter-gather ("gather" in the zero-copy articles): may the device send
 * an skb whose data sits in several pages it does not own?  ethtool -K sg.
 */
static int if_set_sg(const char *ifname, bool on)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_SSG, .data = on };
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_data = (void *)&ev;
	return if_ioctl(ifname, SIOCETHTOOL, &ifr);
}

/* Read one on/off offload: ETHTOOL_GSG, ETHTOOL_GTSO, ETHTOOL_GGSO. */
static int if_get_offload(const char *ifname, uint32_t cmd, bool *on)
{
	struct ethtool_value ev = { .cmd = cmd };
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_data = (void *)&ev;
	if (if_ioctl(ifname, SIOCETHTOOL, &ifr) < 0)
		return -1;
	*on = ev.data != 0;
	return 0;
}

/* ---- the receiver in namespace B ---------------------------------------- */

/* Child: new namespace, wait for its end of the veth, listen, serve. */
static void receiver_child(const char *ifname, const struct veth_opts *o,
			   int ready_fd, int go_fd, struct recv_report *out)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(PORT) };
	int one = 1, lfd;
	char c;

	if (unshare(CLONE_NEWNET) < 0)
		goto fail;
	if (write_full(ready_fd, "n", 1) < 0 || read_full(go_fd, &c, 1) < 0)
		_exit(1);
	inet_pton(AF_INET, RECEIVER_ADDR, &a.sin_addr);
	if (if_set_addr(ifname, RECEIVER_ADDR, NETMASK) < 0 ||
	    if_up(ifname, o->mtu) < 0 || if_up("lo", 0) < 0)
		goto fail;
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(lfd, 1) < 0)
		goto fail;
	if (write_full(ready_fd, "l", 1) < 0)
		_exit(1);
	close(ready_fd);
	receiver_serve(lfd, out, o->compare);
fail:
	fprintf(stderr, "sendfile_nogather: receiver: %s\n", strerror(errno));
	write_full(ready_fd, "e", 1);
	_exit(1);
}

int veth_receiver_start(struct receiver *r, const struct veth_opts *o,
			struct veth_state *now, char *err, size_t errlen)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(PORT) };
	int ready[2] = { -1, -1 }, go[2] = { -1, -1 };
	char snd[IFNAMSIZ], rcv[IFNAMSIZ], c = 0;
	pid_t parent = getpid();
	int fd = -1;

	static char previous[IFNAMSIZ];

	r->pid = -1;
	if (receiver_share(r, err, errlen) < 0)
		return -1;
	/*
	 * The previous run's receiver has exited, but its namespace dies in
	 * the background, and until then its pair (and its route to the same
	 * subnet) would still be here: delete it now.
	 */
	if (previous[0] && link_delete(previous) < 0 && errno != ENODEV) {
		snprintf(err, errlen, "deleting %s: %s", previous,
			 strerror(errno));
		return -1;
	}
	previous[0] = '\0';
	snprintf(snd, sizeof(snd), "cs-nog%d-s", o->index % 1000);
	snprintf(rcv, sizeof(rcv), "cs-nog%d-r", o->index % 1000);
	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	r->pid = fork();
	if (r->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (r->pid == 0) {
		int keep[] = { ready[1], go[0] };

		ctl_close_in_child();
		close_other_fds(keep, 2);
		if (cleanup_child(parent) < 0)
			_exit(1);
		pin_to_cpu(o->receiver_cpu);
		receiver_child(rcv, o, ready[1], go[0], r->shared);
	}
	cleanup_add_pid(r->pid);
	close(ready[1]);
	close(go[0]);
	ready[1] = go[0] = -1;

	/* The child is in namespace B: put one end of the pair there. */
	if (read_full(ready[0], &c, 1) < 0 || c != 'n') {
		snprintf(err, errlen,
			 "the receiver could not make its "
			 "network namespace");
		goto fail;
	}
	if (veth_create(snd, rcv, r->pid) < 0) {
		snprintf(err, errlen, "creating the veth pair: %s",
			 strerror(errno));
		goto fail;
	}
	snprintf(previous, sizeof(previous), "%s", snd);
	if (if_set_addr(snd, SENDER_ADDR, NETMASK) < 0 ||
	    if_up(snd, o->mtu) < 0) {
		snprintf(err, errlen, "configuring %s: %s", snd,
			 strerror(errno));
		goto fail;
	}
	/* The whole point: the sending device may not gather pages. */
	if (if_set_sg(snd, o->sg) < 0 ||
	    if_get_offload(snd, ETHTOOL_GSG, &now->sg) < 0 ||
	    if_get_offload(snd, ETHTOOL_GTSO, &now->tso) < 0 ||
	    if_get_offload(snd, ETHTOOL_GGSO, &now->gso) < 0) {
		snprintf(err, errlen, "ethtool scatter-gather on %s: %s", snd,
			 strerror(errno));
		goto fail;
	}
	if (write_full(go[1], "g", 1) < 0 || read_full(ready[0], &c, 1) < 0 ||
	    c != 'l') {
		snprintf(err, errlen, "the receiver could not set up its side");
		goto fail;
	}
	/*
	 * The kernel switches the pair on asynchronously (link watch); a SYN
	 * sent before that is dropped and retried only a second later.
	 */
	for (int i = 0; i < 200 && !if_running(snd); i++)
		usleep(5000);

	inet_pton(AF_INET, RECEIVER_ADDR, &a.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		snprintf(err, errlen,
			 "connect to the receiver over the veth: %s",
			 strerror(errno));
		goto fail;
	}
	close(ready[0]);
	close(go[1]);
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	for (int i = 0; i < 2; i++) {
		if (ready[i] >= 0)
			close(ready[i]);
		if (go[i] >= 0)
			close(go[i]);
	}
	receiver_kill(r);
	return -1;
}
