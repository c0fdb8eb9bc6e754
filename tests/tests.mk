# tests/tests.mk - unit tests (cmocka, no root) and root tests (real BPF).
#
# Every tests/unit/test_*.c is one cmocka program linked with the pure
# parts (PURE_SRCS: abi, the model, the views, the tier decision, option
# parsing): no BPF skeleton, so no clang or bpftool.  check_layers.sh
# keeps every include pointing down the layers (README, Architecture).
# tests/root/ holds the tests that load the BPF programs and trace real
# workloads; they need root.

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
PURE_OBJS = $(patsubst %.c,$(BUILD)/obj/%.o,$(PURE_SRCS))

$(BUILD)/tests/test_%: tests/unit/test_%.c $(PURE_OBJS) $(wildcard tests/unit/*.h)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< $(PURE_OBJS) -o $@ -lcmocka -lm

.PHONY: check-unit check-root unit-bins root-bins
unit-bins: $(UNIT_BINS)

check-unit: $(UNIT_BINS)
	$(Q)sh tests/run-suite.sh unit $(UNIT_BINS) tests/check_layers.sh

# Root tests: a cmocka program that links the loader and traces workloads.
ROOT_OBJS = $(filter-out $(BUILD)/obj/cli/main.o,$(APP_OBJS))
# The workload is what gets traced, not what is tested: always a plain
# build (a sanitizer runtime would add threads and processes of its own).
$(BUILD)/tests/workload: tests/root/workload.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) -O2 -g $(WARN) $< -o $@ -lpthread

$(BUILD)/tests/root_trace: tests/root/test_trace.c $(ROOT_OBJS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< $(ROOT_OBJS) -o $@ \
		-lcmocka $(LDLIBS) $(UI_LIBS) -lm

# A recording with one record left out, on purpose (tests/root/rec_drop.c).
$(BUILD)/tests/rec_drop: tests/root/rec_drop.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) -O2 -g $(WARN) $< -o $@

# A file sent over TCP and written to a file, ends held open (test_ends.sh).
$(BUILD)/tests/ends_pair: tests/root/ends_pair.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) -O2 -g $(WARN) $< -o $@

root-bins: $(BUILD)/tests/root_trace $(BUILD)/tests/workload $(BUILD)/copyscope \
	$(BUILD)/tests/rec_drop $(BUILD)/tests/ends_pair

# test_report.sh runs the demos ('demos' is demos/demos.mk's)
check-root: root-bins demos
	$(Q)CS_WORKLOAD=$(BUILD)/tests/workload CS_COPYSCOPE=$(BUILD)/copyscope \
		CS_REC_DROP=$(BUILD)/tests/rec_drop CS_ENDS_PAIR=$(BUILD)/tests/ends_pair \
		sh tests/run-suite.sh root $(BUILD)/tests/root_trace tests/root/test_cli.sh \
		tests/root/test_report.sh tests/root/test_safety.sh \
		tests/root/test_tmpfs.sh tests/root/test_procs.sh \
		tests/root/test_room.sh tests/root/test_flows.sh \
		tests/root/test_ends.sh

CHECK_TARGETS += check-unit check-root

# ---- sanitizers ---------------------------------------------------------
# The unit and root tests again, built with AddressSanitizer and UBSan in
# a build tree of their own.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
.PHONY: check-asan
check-asan: demos
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="$(SAN_FLAGS)" unit-bins root-bins
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		CS_WORKLOAD=$(BUILD)/asan/tests/workload \
		CS_REC_DROP=$(BUILD)/asan/tests/rec_drop \
		CS_ENDS_PAIR=$(BUILD)/asan/tests/ends_pair \
		CS_DEMO_DIR=$(BUILD)/demos \
		CS_COPYSCOPE=$(BUILD)/asan/copyscope \
		sh tests/run-suite.sh asan \
		$(patsubst $(BUILD)/%,$(BUILD)/asan/%,$(UNIT_BINS)) \
		$(BUILD)/asan/tests/root_trace tests/root/test_cli.sh \
		tests/root/test_ends.sh

# ---- fuzzing (libFuzzer, clang) -------------------------------------------
# Every parser of untrusted input.  'make fuzz' runs each target for
# FUZZ_SECONDS; check-fuzz is a short run kept in 'make check'.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -I. -I$(BUILD) -D_GNU_SOURCE
FUZZ_DEPS = $(PURE_SRCS) run/serve_proto.c

$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_DEPS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) $(FUZZ_FLAGS) $< $(FUZZ_DEPS) -o $@ -lm

.PHONY: fuzz check-fuzz
fuzz: $(FUZZ_TARGETS)
	$(Q)for t in $(FUZZ_TARGETS); do \
		n=$$(basename $$t); mkdir -p $(BUILD)/fuzz/corpus-$$n; \
		$$t -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/corpus-$$n \
			tests/fuzz/seeds/$$n || exit 1; done

check-fuzz: $(FUZZ_TARGETS)
	$(Q)sh tests/fuzz/run.sh $(FUZZ_TARGETS)

CHECK_TARGETS += check-fuzz check-asan

# ---- stress (not part of 'make check') -------------------------------------
# Every file-to-socket demo, cold and warm, STRESS_RUNS times, then under
# load: the mismatch rate between records and the kernel's counters and
# the losses by cause (tests/stress/run.sh).
STRESS_RUNS ?= 25
.PHONY: check-stress
check-stress: root-bins demos
	$(Q)BUILD=$(BUILD) bash tests/stress/run.sh -n $(STRESS_RUNS)

# About a million records a second for LOAD_SECONDS: peak memory, records
# a second, losses, exact counters (tests/stress/load.sh).
LOAD_SECONDS ?= 60
.PHONY: check-load
check-load: $(BUILD)/copyscope
	$(Q)BUILD=$(BUILD) bash tests/stress/load.sh $(LOAD_SECONDS)
