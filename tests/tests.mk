# tests/tests.mk - unit tests (cmocka, no root) and root tests (real BPF).
#
# Every tests/unit/test_*.c is one cmocka program linked with the pure
# parts (PURE_SRCS: the model, the views, the tier decision, option
# parsing).  tests/root/ holds the tests that load the BPF programs and
# trace real workloads; they need root.

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
PURE_OBJS = $(patsubst %.c,$(BUILD)/obj/%.o,$(PURE_SRCS))

$(BUILD)/tests/test_%: tests/unit/test_%.c $(PURE_OBJS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< $(PURE_OBJS) -o $@ -lcmocka -lm

.PHONY: check-unit check-root unit-bins root-bins
unit-bins: $(UNIT_BINS)

check-unit: $(UNIT_BINS)
	$(Q)sh tests/run-suite.sh unit $(UNIT_BINS)

# Root tests: a cmocka program that links the loader and traces workloads.
ROOT_OBJS = $(filter-out $(BUILD)/obj/cli/main.o,$(APP_OBJS))
$(BUILD)/tests/workload: tests/root/workload.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< -o $@ -lpthread

$(BUILD)/tests/root_trace: tests/root/test_trace.c $(ROOT_OBJS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $< $(ROOT_OBJS) -o $@ \
		-lcmocka $(LDLIBS) $(UI_LIBS) -lm

root-bins: $(BUILD)/tests/root_trace $(BUILD)/tests/workload $(BUILD)/copyscope

check-root: root-bins
	$(Q)CS_WORKLOAD=$(BUILD)/tests/workload CS_COPYSCOPE=$(BUILD)/copyscope \
		sh tests/run-suite.sh root $(BUILD)/tests/root_trace tests/root/test_cli.sh

CHECK_TARGETS += check-unit check-root
