// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_endpoints.c - the full names of files and sockets: the
 * CS_EV_ENDPOINT record, what the model keeps of it (model_endpoint_text),
 * how the views write it, and the names made from the kernel's socket
 * tables (run/ends_net.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

#include "abi/record.h"
#include "run/ends_net.h"
#include "tests/unit/test_model_stream.h"
#include "views/event_json.h"
#include "views/event_text.h"

#define DEV 0x800001
#define SOCKFS 9

static struct cs_endpoint mk_ep(uint32_t tgid, uint32_t dev, uint64_t ino,
				uint8_t kind, const char *text)
{
	struct cs_endpoint e;

	memset(&e, 0, sizeof(e));
	hdr(&e.h, CS_EV_ENDPOINT, sizeof(e), 1000, tgid, tgid);
	e.dev = dev;
	e.ino = ino;
	e.fd = 3;
	e.kind = kind;
	copy_name(e.text, sizeof(e.text), text);
	return e;
}

static void test_record_layout(void **state)
{
	(void)state;
	/* fixed width: the same bytes in every recording */
	assert_int_equal(sizeof(struct cs_endpoint), 176);
	assert_int_equal(record_size(CS_EV_ENDPOINT),
			 sizeof(struct cs_endpoint));
	assert_int_equal(model_record_min_size(CS_EV_ENDPOINT),
			 sizeof(struct cs_endpoint));
	assert_string_equal(record_type_name(CS_EV_ENDPOINT), "endpoint");
	assert_false(record_held(CS_EV_ENDPOINT));
}

static void test_model_keeps_names(void **state)
{
	struct facts fs = { 0 };
	struct cs_model *m = new_model(&fs, false);
	struct cs_endpoint f = mk_ep(7, DEV, 12, CS_FD_FILE, "/srv/big.iso");
	struct cs_endpoint s = mk_ep(7, SOCKFS, 12, CS_FD_SOCKET,
				     "TCP 127.0.0.1:45678 -> 127.0.0.1:8080");
	struct cs_counters c;

	(void)state;
	assert_null(model_endpoint_text(m, DEV, 12));
	FEED(m, f);
	FEED(m, s);
	/* the same inode on two file systems: two ends */
	assert_string_equal(model_endpoint_text(m, DEV, 12), "/srv/big.iso");
	assert_string_equal(model_endpoint_text(m, SOCKFS, 12),
			    "TCP 127.0.0.1:45678 -> 127.0.0.1:8080");
	assert_null(model_endpoint_text(m, DEV, 13));
	assert_null(model_endpoint_text(NULL, DEV, 12));
	/* a later name wins; an empty one is no news */
	f = mk_ep(7, DEV, 12, CS_FD_FILE, "/srv/big.iso (deleted)");
	FEED(m, f);
	f = mk_ep(7, DEV, 12, CS_FD_FILE, "");
	FEED(m, f);
	assert_string_equal(model_endpoint_text(m, DEV, 12),
			    "/srv/big.iso (deleted)");
	/* a name is no event and no record the kernel counted */
	model_flush(m);
	assert_int_equal(fs.n, 0);
	assert_true(model_derived_counters(m, 7, &c));
	assert_int_equal(c.v[CS_C_RECORDS], 0);
	model_free(m);
	facts_free(&fs);
}

/* A recording is untrusted: a text without its NUL, a record too short. */
static void test_model_untrusted(void **state)
{
	struct cs_model *m = model_new(NULL);
	struct cs_endpoint e = mk_ep(7, DEV, 12, CS_FD_FILE, "");
	const char *t;

	(void)state;
	memset(e.text, 'a', sizeof(e.text));
	FEED(m, e);
	t = model_endpoint_text(m, DEV, 12);
	assert_non_null(t);
	assert_int_equal(strlen(t), CS_ENDPOINT_LEN);
	/* shorter than its type */
	e.h.size = sizeof(e) - 1;
	assert_int_equal(model_feed(m, &e, sizeof(e)), -EINVAL);
	e.h.size = sizeof(e);
	assert_int_equal(model_feed(m, &e, sizeof(e) - 1), -EINVAL);
	assert_int_equal(model_rejected(m), 2);
	model_free(m);
}

/* More names than it keeps: bounded, and the newest are there. */
static void test_model_bounded(void **state)
{
	struct cs_model_opts o = { .counters_only = true };
	struct cs_model *m = model_new(&o);
	char text[32];
	unsigned i, found = 0;

	(void)state;
	for (i = 0; i < 100000; i++) {
		struct cs_endpoint e;

		snprintf(text, sizeof(text), "/f/%u", i);
		e = mk_ep(7, DEV, i, CS_FD_FILE, text);
		FEED(m, e);
	}
	for (i = 0; i < 100000; i++)
		found += model_endpoint_text(m, DEV, i) != NULL;
	assert_true(found > 1000 && found <= 8192);
	/* what was named last is kept */
	for (i = 100000 - 500; i < 100000; i++) {
		snprintf(text, sizeof(text), "/f/%u", i);
		assert_string_equal(model_endpoint_text(m, DEV, i), text);
	}
	model_free(m);
}

static char *render(const struct cs_endpoint *e, bool json)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct json j;

	assert_non_null(f);
	if (json) {
		json_init(&j, f);
		event_json(&j, &e->h, 0);
	} else {
		event_text(f, &e->h, 0);
	}
	fclose(f);
	return out;
}

/* Stored raw, escaped where it is shown. */
static void test_views_escape(void **state)
{
	struct cs_endpoint e =
		mk_ep(7, DEV, 12, CS_FD_FILE, "/tmp/a\nb\33]0;x\7.iso");
	char *s;

	(void)state;
	s = render(&e, true);
	assert_non_null(strstr(s, "\"type\":\"endpoint\""));
	assert_non_null(strstr(s, "\"fd\":3,\"kind\":\"file\",\"dev\":8388609,"
				  "\"ino\":12,"));
	assert_non_null(
		strstr(s, "\"text\":\"/tmp/a\\nb\\u001b]0;x\\u0007.iso\""));
	free(s);
	s = render(&e, false);
	assert_non_null(strstr(s, "= fd 3: /tmp/a\\nb\\33]0;x\\x07.iso\n"));
	assert_null(strchr(s, '\33'));
	free(s);
}

/* ---- names from /proc/PID/net ------------------------------------------ */

/* An address as the kernel prints it on this machine: network-order words
 * printed as host-order hex. */
static void hexaddr(char *out, int af, const char *ip, unsigned port)
{
	unsigned char a[16];
	int words = af == AF_INET ? 1 : 4;

	assert_int_equal(inet_pton(af, ip, a), 1);
	for (int i = 0; i < words; i++) {
		uint32_t w;

		memcpy(&w, a + 4 * i, 4);
		out += sprintf(out, "%08X", w);
	}
	sprintf(out, ":%04X", port);
}

static void inet_line(char *out, int af, const char *l, unsigned lp,
		      const char *r, unsigned rp, unsigned st, unsigned ino)
{
	char la[48], ra[48];

	hexaddr(la, af, l, lp);
	hexaddr(ra, af, r, rp);
	sprintf(out,
		"   0: %s %s %02X 00000000:00000000 00:00000000 00000000     0"
		"        0 %u 1 0000000000000000 100 0 0 10 0                \n",
		la, ra, st, ino);
}

static void name_is(const struct net_table *t, int which, uint64_t ino,
		    enum ends_verdict want, const char *text)
{
	char got[CS_ENDPOINT_LEN] = "";

	assert_int_equal(net_table_name(t, which, ino, got), want);
	if (text)
		assert_string_equal(got, text);
}

static void test_net_inet(void **state)
{
	struct net_table t = { 0 };
	char buf[4096], *p = buf;

	(void)state;
	p += sprintf(p, "  sl  local_address rem_address   st tx_queue "
			"rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
	inet_line(p, AF_INET, "0.0.0.0", 8080, "0.0.0.0", 0, 0x0a, 101);
	p += strlen(p);
	inet_line(p, AF_INET, "127.0.0.1", 45678, "127.0.0.1", 8080, 1, 102);
	p += strlen(p);
	inet_line(p, AF_INET, "10.1.2.3", 8081, "0.0.0.0", 0, 0x0a, 103);
	p += strlen(p);
	/* made by socket(), not yet bound or connected */
	inet_line(p, AF_INET, "0.0.0.0", 0, "0.0.0.0", 0, 7, 104);
	p += strlen(p);
	/* TIME_WAIT: no inode */
	inet_line(p, AF_INET, "127.0.0.1", 1, "127.0.0.1", 2, 6, 0);
	p += strlen(p);
	assert_int_equal(net_table_index(&t, NET_TCP, buf, strlen(buf)), 0);
	assert_int_equal(t.nrows, 4);
	name_is(&t, NET_TCP, 101, ENDS_NAMED, "TCP *:8080");
	name_is(&t, NET_TCP, 102, ENDS_NAMED,
		"TCP 127.0.0.1:45678 -> 127.0.0.1:8080");
	name_is(&t, NET_TCP, 103, ENDS_NAMED, "TCP 10.1.2.3:8081");
	name_is(&t, NET_TCP, 104, ENDS_LATER, NULL);
	name_is(&t, NET_TCP, 999, ENDS_LATER, NULL);
	name_is(&t, NET_TCP, 0, ENDS_LATER, NULL);

	/* UDP: bound is enough; connected has both ends */
	inet_line(buf, AF_INET, "127.0.0.1", 5353, "0.0.0.0", 0, 7, 201);
	inet_line(buf + strlen(buf), AF_INET, "127.0.0.1", 40000, "127.0.0.1",
		  53, 1, 202);
	assert_int_equal(net_table_index(&t, NET_UDP, buf, strlen(buf)), 0);
	name_is(&t, NET_UDP, 201, ENDS_NAMED, "UDP 127.0.0.1:5353");
	name_is(&t, NET_UDP, 202, ENDS_NAMED,
		"UDP 127.0.0.1:40000 -> 127.0.0.1:53");

	/* IPv6 in brackets; every address as '*' */
	inet_line(buf, AF_INET6, "::1", 40000, "::1", 8080, 1, 301);
	inet_line(buf + strlen(buf), AF_INET6, "::", 8080, "::", 0, 0x0a, 302);
	inet_line(buf + strlen(buf), AF_INET6, "::ffff:127.0.0.1", 8080,
		  "::ffff:127.0.0.1", 50000, 1, 303);
	assert_int_equal(net_table_index(&t, NET_TCP6, buf, strlen(buf)), 0);
	name_is(&t, NET_TCP6, 301, ENDS_NAMED, "TCP [::1]:40000 -> [::1]:8080");
	name_is(&t, NET_TCP6, 302, ENDS_NAMED, "TCP *:8080");
	name_is(&t, NET_TCP6, 303, ENDS_NAMED,
		"TCP [::ffff:127.0.0.1]:8080 -> [::ffff:127.0.0.1]:50000");
	/* an IPv4 line read as an IPv6 table names nothing */
	inet_line(buf, AF_INET, "127.0.0.1", 1, "127.0.0.1", 2, 1, 401);
	assert_int_equal(net_table_index(&t, NET_TCP6, buf, strlen(buf)), 0);
	name_is(&t, NET_TCP6, 401, ENDS_LATER, NULL);

	assert_int_equal(net_table_of(CS_FF_TCP), NET_TCP);
	assert_int_equal(net_table_of(CS_FF_TCP | CS_FF_INET6), NET_TCP6);
	assert_int_equal(net_table_of(CS_FF_UDP | CS_FF_INET6), NET_UDP6);
	assert_int_equal(net_table_of(CS_FF_UNIX), NET_UNIX);
	assert_int_equal(net_table_of(0), -1);
	free(t.buf);
	free(t.rows);
}

static void test_net_unix(void **state)
{
	static const char table[] =
		"Num       RefCount Protocol Flags    Type St Inode Path\n"
		"0000000000000000: 00000002 00000000 00010000 0001 01 11 "
		"/run/a b.sock\n"
		"0000000000000000: 00000002 00000000 00010000 0001 01    12 "
		"@abstract\n"
		"0000000000000000: 00000003 00000000 00000000 0001 03    13\n"
		"0000000000000000: 00000002 00000000 00000000 0002 01    14\n"
		/* a path with a newline, forging a line for socket 13 */
		"0000000000000000: 00000002 00000000 00010000 0001 01 15 /x\n"
		"0000000000000000: 00000003 00000000 00000000 0001 03 13 /forged\n"
		"garbage\n"
		"0000000000000000: 1 2 3 4 5 99999999999999999999999 /big\n";
	struct net_table t = { 0 };

	(void)state;
	assert_int_equal(net_table_index(&t, NET_UNIX, table, strlen(table)),
			 0);
	name_is(&t, NET_UNIX, 11, ENDS_NAMED, "unix /run/a b.sock");
	name_is(&t, NET_UNIX, 12, ENDS_NAMED, "unix @abstract");
	/* listed twice: neither line is believed */
	name_is(&t, NET_UNIX, 13, ENDS_NEVER, NULL);
	/* unbound and unconnected: it may still bind */
	name_is(&t, NET_UNIX, 14, ENDS_LATER, NULL);
	name_is(&t, NET_UNIX, 15, ENDS_NAMED, "unix /x");
	/* a table cut short: no line past its end */
	assert_int_equal(
		net_table_index(&t, NET_UNIX, table,
				(size_t)(strstr(table, ".sock") - table)),
		0);
	name_is(&t, NET_UNIX, 11, ENDS_NAMED, "unix /run/a b");
	name_is(&t, NET_UNIX, 12, ENDS_LATER, NULL);
	assert_int_equal(net_table_index(&t, NET_UNIX, "", 0), 0);
	name_is(&t, NET_UNIX, 11, ENDS_LATER, NULL);
	free(t.buf);
	free(t.rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_layout),
		cmocka_unit_test(test_model_keeps_names),
		cmocka_unit_test(test_model_untrusted),
		cmocka_unit_test(test_model_bounded),
		cmocka_unit_test(test_views_escape),
		cmocka_unit_test(test_net_inet),
		cmocka_unit_test(test_net_unix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
