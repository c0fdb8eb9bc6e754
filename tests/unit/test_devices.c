// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_devices.c - is there a disk under a file (model/devices.c)?  The
 * kernel's word (CS_FF_FS_DISK, CS_FF_FS_NODISK) decides; a stray disk
 * completion of the process's own inside a call on a tmpfs file must not
 * turn tmpfs into a disk.  Recordings without that word keep the old
 * evidence: a disk read inside a read of the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/test_model_stream.h"

#define P 600
#define ANON_DEV 0x2a /* major 0: tmpfs, or btrfs */
#define CHUNK (64 * KIB)

static struct cs_model *model(struct facts *fs)
{
	struct cs_model_opts o = { .sink = facts_sink, .sink_data = fs };

	memset(fs, 0, sizeof(*fs));
	return model_new(&o);
}

/* A call on the file (ino 12) whose file system the kernel described
 * with fsflags; a disk completion of the process's own inside it when
 * stray_block. */
static void call(struct cs_model *m, uint64_t t, uint32_t nr, uint16_t fflags,
		 uint16_t fsflags, bool stray_block)
{
	struct cs_syscall s = mk_sc(P, P, nr, t, t + 40 * US, CHUNK);

	sc_fd(&s, 0, 3, CS_FD_FILE, fflags | fsflags);
	s.file[0].dev = ANON_DEV;
	if (stray_block)
		feed_block(m, P, P, t + 20 * US, CHUNK, CS_BLK_READ);
	FEED(m, s);
}

static uint64_t dma(const struct facts *fs)
{
	return facts_bytes(fs, P, CS_PL_DISK, CS_PL_USER, CS_K_DMA, -1);
}

static uint64_t cpu(const struct facts *fs)
{
	return facts_bytes(fs, P, CS_PL_PAGE_CACHE, CS_PL_USER, CS_K_CPU, -1);
}

/* tmpfs, said by the kernel: a completion inside the setup's write and
 * inside the O_DIRECT read changes nothing: the CPU copies, no DMA */
static void tmpfs_stays_without_disk(void **state)
{
	struct facts fs;
	struct cs_model *m = model(&fs);

	(void)state;
	call(m, 1000 * US, NR_WRITE, 0, CS_FF_FS_NODISK, true);
	call(m, 2000 * US, NR_READ, CS_FF_DIRECT, CS_FF_FS_NODISK, true);
	call(m, 3000 * US, NR_READ, CS_FF_DIRECT, CS_FF_FS_NODISK, false);
	model_flush(m);
	assert_int_equal(dma(&fs), 0);
	assert_int_equal(cpu(&fs), 2 * CHUNK);
	/* the stray reads are shown for what they are: another file's */
	assert_int_equal(facts_bytes(&fs, P, CS_PL_DISK, CS_PL_PAGE_CACHE,
				     CS_K_DMA, CS_EVID_MEASURED),
			 2 * CHUNK);
	model_free(m);
	facts_free(&fs);
}

/* btrfs: an anonymous number, and a disk all the same: an O_DIRECT read
 * with no completion seen is the disk's DMA (inferred), not a copy */
static void btrfs_has_a_disk(void **state)
{
	struct facts fs;
	struct cs_model *m = model(&fs);

	(void)state;
	call(m, 1000 * US, NR_READ, CS_FF_DIRECT, CS_FF_FS_DISK, false);
	model_flush(m);
	assert_int_equal(facts_bytes(&fs, P, CS_PL_DISK, CS_PL_USER, CS_K_DMA,
				     CS_EVID_INFERRED),
			 CHUNK);
	assert_int_equal(cpu(&fs), 0);
	model_free(m);
	facts_free(&fs);
}

/* An older recording: no word from the kernel.  A completion inside a
 * write proves nothing; one inside a read of the file makes it a disk. */
static void old_recordings_keep_the_read_rule(void **state)
{
	struct facts fs;
	struct cs_model *m = model(&fs);

	(void)state;
	call(m, 1000 * US, NR_WRITE, 0, 0, true);
	call(m, 2000 * US, NR_READ, CS_FF_DIRECT, 0, false);
	model_flush(m);
	assert_int_equal(dma(&fs), 0);
	assert_int_equal(cpu(&fs), CHUNK);
	call(m, 3000 * US, NR_READ, CS_FF_DIRECT, 0, true);
	call(m, 4000 * US, NR_READ, CS_FF_DIRECT, 0, false);
	model_flush(m);
	/* the read with the completion, measured; the next, inferred */
	assert_int_equal(dma(&fs), 2 * CHUNK);
	assert_int_equal(cpu(&fs), CHUNK);
	model_free(m);
	facts_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tmpfs_stays_without_disk),
		cmocka_unit_test(btrfs_has_a_disk),
		cmocka_unit_test(old_recordings_keep_the_read_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
