// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_flows.c - flows (model/flows.c): the calls on both ends of a
 * transfer joined into one source -> destination row, its own calls only,
 * small flows folded, and a read's facts resolving to the write that sent
 * its data on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/test_model_stream.h"

#define P 500
#define CHUNK (64 * KIB)
#define N 16

/* An fd argument naming a file (ino), a socket or a pipe. */
static void arg(struct cs_syscall *s, int i, uint8_t kind, uint64_t ino)
{
	char name[CS_NAME_LEN];

	snprintf(name, sizeof(name), "f%llu.dat", (unsigned long long)ino);
	s->fd[i] = 3 + i;
	set_file(&s->file[i], kind, kind == CS_FD_SOCKET ? CS_FF_TCP : 0, ino,
		 name);
}

static uint64_t t0;

/* One call of P, one after the other; returns its exit time. */
static uint64_t call(struct cs_model *m, uint32_t nr, int64_t ret, uint8_t k0,
		     uint64_t i0, uint8_t k1, uint64_t i1)
{
	struct cs_syscall s = mk_sc(P, P, nr, t0 + 1 * US, t0 + 2 * US, ret);

	if (k0)
		arg(&s, 0, k0, i0);
	if (k1)
		arg(&s, 1, k1, i1);
	t0 += 3 * US;
	FEED(m, s);
	return t0;
}

/* n chunks read from one end and written to the other, as cp or dd do */
static void read_write(struct cs_model *m, int n, uint8_t k_in, uint64_t in,
		       uint8_t k_out, uint64_t out)
{
	for (int i = 0; i < n; i++) {
		call(m, NR_READ, CHUNK, k_in, in, 0, 0);
		call(m, NR_WRITE, CHUNK, k_out, out, 0, 0);
	}
}

/* n chunks spliced from one end into pipe 40, and from it to the other */
static void splice_through(struct cs_model *m, int n, uint8_t k_in, uint64_t in,
			   uint8_t k_out, uint64_t out)
{
	for (int i = 0; i < n; i++) {
		call(m, NR_SPLICE, CHUNK, k_in, in, CS_FD_PIPE, 40);
		call(m, NR_SPLICE, CHUNK, CS_FD_PIPE, 40, k_out, out);
	}
}

static struct cs_model *model(struct facts *fs)
{
	struct cs_model_opts o = { .sink = facts_sink, .sink_data = fs };

	t0 = 1000000;
	memset(fs, 0, sizeof(*fs));
	return model_new(&o);
}

/* Start-up calls that move no data: in no flow. */
static void startup(struct cs_model *m)
{
	call(m, NR_OPENAT, 3, CS_FD_FILE, 10, 0, 0);
	call(m, NR_FSTAT, 0, 0, 0, 0, 0);
	call(m, NR_BRK, 0, 0, 0, 0, 0);
}

static size_t flows(struct cs_model *m, struct cs_flow *out, size_t max)
{
	model_flush(m);
	return model_flows(m, 0, CS_FLOW_MIN_BYTES, out, max);
}

static void read_write_is_one_flow(void **state)
{
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);
	size_t n;

	(void)state;
	startup(m);
	read_write(m, N, CS_FD_FILE, 10, CS_FD_FILE, 11);
	call(m, NR_READ, 0, CS_FD_FILE, 10, 0, 0); /* end of file */
	n = flows(m, f, 8);
	assert_int_equal(n, 2);
	assert_false(f[0].other);
	assert_int_equal(f[0].src.kind, CS_END_FILE);
	assert_int_equal(f[0].src.ino, 10);
	assert_int_equal(f[0].dst.kind, CS_END_FILE);
	assert_int_equal(f[0].dst.ino, 11);
	assert_int_equal(f[0].bytes, N * CHUNK);
	assert_int_equal(f[0].calls, N);
	/* its own calls: the reads and writes, not the start-up's */
	assert_int_equal(f[0].tot.syscalls, 2 * N);
	assert_int_equal(f[0].tot.mode_switches, 4 * N);
	assert_int_equal(f[0].tot.strategy, CS_ST_READ_WRITE);
	assert_int_equal(f[0].tot.payload_bytes, N * CHUNK);
	/* from the first read's entry to the last write's exit */
	assert_int_equal(f[0].tot.span_ns, (6 * (N - 1) + 4) * US);
	/* the last read found nothing: a flow of no bytes, folded */
	assert_true(f[1].other);
	assert_int_equal(f[1].nflows, 1);
	assert_int_equal(f[1].bytes, 0);
	model_free(m);
	facts_free(&fs);
}

static void sendfile_and_small_reads(void **state)
{
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);
	char label[160];
	size_t n;
	int i;

	(void)state;
	call(m, NR_READ, 300, CS_FD_FILE, 20, 0, 0); /* its configuration */
	for (i = 0; i < N; i++)
		call(m, NR_SENDFILE, CHUNK, CS_FD_SOCKET, 30, CS_FD_FILE, 10);
	n = flows(m, f, 8);
	assert_int_equal(n, 2);
	assert_int_equal(f[0].src.ino, 10);
	assert_int_equal(f[0].dst.kind, CS_END_SOCKET);
	assert_int_equal(f[0].tot.syscalls, N);
	assert_int_equal(f[0].bytes, N * CHUNK);
	model_flow_label(m, &f[0], label, sizeof(label));
	assert_string_equal(label, ": f10.dat -> TCP socket");
	assert_true(f[1].other);
	assert_int_equal(f[1].bytes, 300);
	/* nothing folded when everything counts */
	assert_int_equal(model_flows(m, 0, 0, f, 8), 2);
	assert_false(f[1].other);
	model_free(m);
	facts_free(&fs);
}

static void splice_through_a_pipe(void **state)
{
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);
	size_t n;

	(void)state;
	splice_through(m, N, CS_FD_FILE, 10, CS_FD_SOCKET, 30);
	n = flows(m, f, 8);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].src.ino, 10);
	assert_int_equal(f[0].dst.kind, CS_END_SOCKET);
	assert_int_equal(f[0].tot.syscalls, 2 * N);
	assert_int_equal(f[0].bytes, N * CHUNK);
	assert_int_equal(f[0].tot.strategy, CS_ST_SPLICE);
	model_free(m);
	facts_free(&fs);
}

/* A pipe another process fills: the pipe is the source (a pipeline). */
static void pipeline_consumer(void **state)
{
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);

	(void)state;
	read_write(m, N, CS_FD_PIPE, 40, CS_FD_FILE, 11);
	assert_int_equal(flows(m, f, 8), 1);
	assert_int_equal(f[0].src.kind, CS_END_PIPE);
	assert_int_equal(f[0].dst.ino, 11);
	assert_int_equal(f[0].tot.strategy, CS_ST_READ_WRITE);
	model_free(m);
	facts_free(&fs);
}

static void reads_into_memory(void **state)
{
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);
	int i;

	(void)state;
	for (i = 0; i < N; i++)
		call(m, NR_READ, CHUNK, CS_FD_FILE, 10, 0, 0);
	assert_int_equal(flows(m, f, 8), 1);
	assert_int_equal(f[0].dst.kind, CS_END_MEMORY);
	assert_int_equal(f[0].tot.strategy, CS_ST_READ);
	assert_int_equal(f[0].tot.read_in_bytes, N * CHUNK);
	assert_int_equal(f[0].tot.payload_bytes, 0);
	model_free(m);
	facts_free(&fs);
}

/* Two files copied one after the other: two flows, biggest first. */
static void two_copies(void **state)
{
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);

	(void)state;
	read_write(m, N, CS_FD_FILE, 10, CS_FD_FILE, 11);
	read_write(m, 2 * N, CS_FD_FILE, 12, CS_FD_SOCKET, 30);
	assert_int_equal(flows(m, f, 8), 2);
	assert_int_equal(f[0].src.ino, 12);
	assert_int_equal(f[0].dst.kind, CS_END_SOCKET);
	assert_int_equal(f[0].bytes, 2 * N * CHUNK);
	assert_int_equal(f[1].src.ino, 10);
	assert_int_equal(f[1].dst.ino, 11);
	assert_int_equal(f[1].tot.syscalls, 2 * N);
	model_free(m);
	facts_free(&fs);
}

/* Each fact carries its flow; a read's resolves to its write's. */
static void facts_resolve_to_their_flow(void **state)
{
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);
	uint32_t read_flow = 0, write_flow = 0;
	size_t i;

	(void)state;
	call(m, NR_OPENAT, 3, CS_FD_FILE, 10, 0, 0);
	call(m, NR_READ, CHUNK, CS_FD_FILE, 10, 0, 0);
	call(m, NR_WRITE, CHUNK, CS_FD_SOCKET, 30, 0, 0);
	assert_int_equal(flows(m, f, 8), 1);
	for (i = 0; i < fs.n; i++) {
		const struct cs_fact *x = &fs.v[i];

		if (x->type != CS_FACT_SYSCALL)
			continue;
		if (x->u.syscall.nr == NR_OPENAT)
			assert_int_equal(x->flow, 0);
		else if (x->u.syscall.nr == NR_READ)
			read_flow = x->flow;
		else
			write_flow = x->flow;
	}
	assert_int_not_equal(read_flow, 0);
	assert_int_not_equal(read_flow, write_flow);
	assert_int_equal(model_flow_resolve(m, read_flow), write_flow);
	assert_int_equal(model_flow_resolve(m, write_flow), f[0].id);
	model_free(m);
	facts_free(&fs);
}

/* mmap(A) then write(B) from the mapping: one flow A -> B, the mapping
 * part of it; code mapped by the loader folds into "other". */
static void mmap_then_write(void **state)
{
	const uint64_t addr = 0x7f0000000000ull;
	struct cs_syscall s;
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);
	int i;

	(void)state;
	/* the loader: a library mapped to run (PROT_EXEC) */
	s = mk_sc(P, P, NR_MMAP, t0 + US, t0 + 2 * US, 0x7f1000000000ll);
	arg(&s, 0, CS_FD_FILE, 77);
	s.arg[1] = 2 * MIB;
	s.arg[2] = 0x5; /* PROT_READ | PROT_EXEC */
	s.arg[4] = 3;
	t0 += 3 * US;
	FEED(m, s);
	s = mk_sc(P, P, NR_MMAP, t0 + US, t0 + 2 * US, (int64_t)addr);
	arg(&s, 0, CS_FD_FILE, 10);
	s.arg[1] = N * CHUNK;
	s.arg[2] = 0x1; /* PROT_READ */
	s.arg[4] = 3;
	t0 += 3 * US;
	FEED(m, s);
	for (i = 0; i < N; i++) {
		s = mk_sc(P, P, NR_WRITE, t0 + US, t0 + 2 * US, CHUNK);
		arg(&s, 0, CS_FD_SOCKET, 30);
		s.arg[1] = addr + (uint64_t)i * CHUNK;
		t0 += 3 * US;
		FEED(m, s);
	}
	assert_int_equal(flows(m, f, 8), 2);
	assert_int_equal(f[0].src.ino, 10);
	assert_int_equal(f[0].dst.kind, CS_END_SOCKET);
	assert_int_equal(f[0].tot.strategy, CS_ST_MMAP_WRITE);
	assert_int_equal(f[0].tot.syscalls, N + 1);
	assert_int_equal(f[0].tot.map_bytes, N * CHUNK);
	assert_int_equal(f[0].bytes, N * CHUNK);
	assert_true(f[1].other);
	assert_int_equal(f[1].tot.map_bytes, 2 * MIB);
	model_free(m);
	facts_free(&fs);
}

/* splice(socket, pipe) then splice(pipe, file): a download by splice */
static void splice_from_a_socket(void **state)
{
	struct cs_flow f[8];
	struct facts fs;
	struct cs_model *m = model(&fs);

	(void)state;
	splice_through(m, N, CS_FD_SOCKET, 30, CS_FD_FILE, 11);
	assert_int_equal(flows(m, f, 8), 1);
	assert_int_equal(f[0].src.kind, CS_END_SOCKET);
	assert_int_equal(f[0].dst.ino, 11);
	assert_int_equal(f[0].tot.strategy, CS_ST_SPLICE_RECV);
	assert_int_equal(f[0].bytes, N * CHUNK);
	model_free(m);
	facts_free(&fs);
}

/* More flows than a process may keep: the rest land in its overflow
 * flow, in the "other" row, nothing lost. */
static void too_many_flows(void **state)
{
	struct cs_flow *f = calloc(300, sizeof(*f));
	struct facts fs;
	struct cs_model *m = model(&fs);
	uint64_t bytes = 0;
	size_t n, i;

	(void)state;
	assert_non_null(f);
	for (i = 0; i < 200; i++)
		call(m, NR_SENDFILE, CHUNK + 1, CS_FD_SOCKET, 30, CS_FD_FILE,
		     1000 + i);
	n = flows(m, f, 300);
	assert_true(n > 100 && n < 200);
	assert_true(f[n - 1].other);
	for (i = 0; i < n; i++)
		bytes += f[i].bytes;
	assert_int_equal(bytes, 200 * (CHUNK + 1));
	model_free(m);
	facts_free(&fs);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_write_is_one_flow),
		cmocka_unit_test(sendfile_and_small_reads),
		cmocka_unit_test(splice_through_a_pipe),
		cmocka_unit_test(pipeline_consumer),
		cmocka_unit_test(reads_into_memory),
		cmocka_unit_test(two_copies),
		cmocka_unit_test(facts_resolve_to_their_flow),
		cmocka_unit_test(mmap_then_write),
		cmocka_unit_test(splice_from_a_socket),
		cmocka_unit_test(too_many_flows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
