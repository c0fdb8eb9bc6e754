# demos/demos.mk - the demo programs, their tests and the throughput benchmark.
# Included by the top-level Makefile.
#
#   make demos          build/demos/<name> for every demo, and memcpy_bw
#   make check-demos    every demo at small sizes, cold and warm, the step
#                       protocol, bad input, clean-up after SIGKILL (root)
#   make bench          run the file-to-socket demos side by side, write
#                       bench/throughput.md (BENCH_REPS=15 BENCH_SIZE=64M;
#                       BENCH_PIN=auto (0,1), CPU,CPU or none;
#                       BENCH_CC=cubic, another name, or system)
#   make install-demos  into $(DESTDIR)$(PREFIX)/libexec/copyscope/

DEMO_NAMES := read_write mmap_write sendfile sendfile_nogather splice \
	vmsplice tee copy_file_range odirect msg_zerocopy io_uring \
	mmap_sigbus cow
DEMO_DIR := $(BUILD)/demos
DEMO_BINS := $(addprefix $(DEMO_DIR)/,$(DEMO_NAMES))
DEMO_TOOLS := $(DEMO_DIR)/memcpy_bw

# The harness: every demos/*.c that is not a program of its own.
DEMO_MAINS := $(addprefix demos/,$(addsuffix .c,$(DEMO_NAMES))) demos/memcpy_bw.c
DEMO_LIB_SRCS := $(filter-out $(DEMO_MAINS),$(wildcard demos/*.c))
DEMO_LIB_OBJS := $(patsubst demos/%.c,$(DEMO_DIR)/obj/%.o,$(DEMO_LIB_SRCS))
DEMO_OBJS := $(DEMO_LIB_OBJS) \
	$(patsubst demos/%.c,$(DEMO_DIR)/obj/%.o,$(DEMO_MAINS))

DEMO_TEST_DIR := $(BUILD)/tests/demos
DEMO_TEST_BINS := $(DEMO_TEST_DIR)/step_driver $(DEMO_TEST_DIR)/test_control_proto \
	$(DEMO_TEST_DIR)/hold_pages

BENCH_REPS ?= 15
BENCH_SIZE ?= 64M
BENCH_PIN ?= auto
BENCH_CC ?= cubic

.PHONY: demos check-demos bench bench-demos install-demos
all: demos
install: install-demos
CHECK_TARGETS += check-demos
BENCH_TARGETS += bench-demos

demos: $(DEMO_BINS) $(DEMO_TOOLS)

$(DEMO_DIR)/obj/%.o: demos/%.c | $(BUILD)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@

-include $(DEMO_OBJS:.o=.d)

# Demos link only the harness (and liburing for io_uring): no libbpf.
$(filter-out $(DEMO_DIR)/io_uring,$(DEMO_BINS)): $(DEMO_DIR)/%: $(DEMO_DIR)/obj/%.o $(DEMO_LIB_OBJS)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@

$(DEMO_DIR)/io_uring: $(DEMO_DIR)/obj/io_uring.o $(DEMO_LIB_OBJS)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ -luring

$(DEMO_DIR)/memcpy_bw: $(DEMO_DIR)/obj/memcpy_bw.o
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@

# Test programs: the step driver speaks the control protocol through the
# same parser the tracer compiles.
$(filter-out %/hold_pages,$(DEMO_TEST_BINS)): $(DEMO_TEST_DIR)/%: tests/demos/%.c demos/control_proto.c demos/control_proto.h demos/control.h | $(BUILD)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< demos/control_proto.c -o $@

# Holds a file's pages mapped, so that --cold meets pages that will not go.
$(DEMO_TEST_DIR)/hold_pages: tests/demos/hold_pages.c | $(BUILD)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< -o $@

check-demos: demos $(DEMO_TEST_BINS)
	$(Q)bash tests/demos/run.sh $(BUILD)

# `make bench`: the table in bench/throughput.md comes from this command.
bench: bench-demos
bench-demos: demos
	$(Q)sh demos/bench.sh --build $(BUILD) --reps $(BENCH_REPS) \
		--size $(BENCH_SIZE) --pin $(BENCH_PIN) --cc $(BENCH_CC) \
		--out bench/throughput.md

install-demos: demos
	install -d $(DESTDIR)$(PREFIX)/libexec/copyscope
	install -m 0755 $(DEMO_BINS) $(DEMO_TOOLS) \
		$(DESTDIR)$(PREFIX)/libexec/copyscope/
