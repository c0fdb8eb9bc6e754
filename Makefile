# copyscope - top-level build.
#
# make               build copyscope and the demos
# make tour          install what is missing, build, start the TUI tour (root)
# make check         install what is missing, build, run every test (root)
# make help          every target
#
# Each part of the tree adds its own rules in a fragment (*.mk) included
# below, so that its files and targets stay next to its code.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build

CC ?= gcc
CLANG ?= clang
BPFTOOL ?= bpftool
ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
VERSION := 0.1.0
CPPFLAGS += -I. -I$(BUILD) -D_GNU_SOURCE -DCOPYSCOPE_VERSION=\"$(VERSION)\"
LDLIBS += -lbpf -lelf -lz -lcap
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -I. -Wall -Werror

Q := $(if $(V),,@)

.PHONY: all help tour check check-unit check-root deps deps-test vmlinux install install-lab clean format
all: $(BUILD)/copyscope

help:
	@echo "targets:"
	@echo "  all            build copyscope ($(BUILD)/copyscope) and the demos"
	@echo "  tour           install missing packages, build, run 'copyscope' (needs root)"
	@echo "  check          install missing packages, build, run every test (needs root)"
	@echo "  check-unit     unit tests only (no root)"
	@echo "  check-root     tests that load BPF programs (root)"
	@echo "  check-stress   demos cold and warm, STRESS_RUNS times each, and under load:"
	@echo "                 records against the kernel counters (root; not in check)"
	@echo "  check-load     LOAD_SECONDS (60) of sustained records: peak memory,"
	@echo "                 records a second, losses, exact counters (root; not in check)"
	@echo "  vmlinux        regenerate vmlinux.h from /sys/kernel/btf/vmlinux"
	@echo "  install        install into \$$DESTDIR\$$PREFIX (PREFIX=$(PREFIX))"
	@echo "  install-lab    install, plus the tracing service for a shared machine"
	@echo "  deps, deps-test  install only the missing Debian packages"
	@echo "  format         clang-format every C file"
	@echo "  clean"

deps:
	$(Q)sh scripts/deps.sh run

deps-test:
	$(Q)sh scripts/deps.sh test

# vmlinux.h is committed so that a build needs no kernel BTF; regenerate it
# from the running kernel when new kernel types are needed.
vmlinux:
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > vmlinux.h.tmp
	mv vmlinux.h.tmp vmlinux.h

# ---- BPF objects and skeletons ------------------------------------------
BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
BPF_SKELS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(wildcard abi/*.h) $(wildcard bpf/*.bpf.h) vmlinux.h | $(BUILD)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

.SECONDARY: $(BPF_OBJS) $(BPF_SKELS)
$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(Q)$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

$(BUILD):
	$(Q)mkdir -p $@

# ---- user space -----------------------------------------------------------
# The copyscope binary is every .c file of these folders, lowest layer
# first (README, Architecture); main() is in cli/.
APP_DIRS := abi bpf model views run ui cli
APP_SRCS := $(filter-out %.bpf.c,$(wildcard $(addsuffix /*.c,$(APP_DIRS)))) \
	demos/control_proto.c demos/fsinfo.c
APP_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(APP_SRCS))
# The pure parts (no libbpf, no ncurses) that unit tests link against.
PURE_SRCS := $(wildcard abi/*.c model/*.c views/*.c) bpf/tier.c \
	cli/trace_args.c cli/opts.c run/targets.c run/ends_net.c \
	demos/control_proto.c

$(BUILD)/obj/%.o: %.c | $(BUILD)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@

# Only the loader includes the skeleton: nothing else needs clang or
# bpftool, and a .bpf.c change rebuilds nothing else.
$(BUILD)/obj/bpf/probe.o: $(BPF_SKELS)

-include $(APP_OBJS:.o=.d)

UI_LIBS = $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
$(BUILD)/copyscope: $(APP_OBJS)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS) $(UI_LIBS) -lm

# Fragments add their test targets to CHECK_TARGETS and benchmarks to
# BENCH_TARGETS.
CHECK_TARGETS :=
BENCH_TARGETS :=
-include demos/demos.mk
-include tests/tests.mk
-include tests/kernels/kernels.mk
-include tests/tui/tui.mk
-include tutorial/tutorial.mk
-include $(wildcard bench/*.mk)

tour: deps
	$(Q)$(MAKE) all
	$(BUILD)/copyscope

# README's test command: every test, in order from cheapest to slowest.
check: deps-test
	$(Q)$(MAKE) all
	$(Q)$(MAKE) $(CHECK_TARGETS)

install: all
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0755 $(BUILD)/copyscope $(DESTDIR)$(PREFIX)/sbin/copyscope
	install -m 0644 man/copyscope.8 $(DESTDIR)$(PREFIX)/share/man/man8/copyscope.8

# A shared lab machine: 'copyscope serve' under systemd socket activation,
# and the group whose members may use it (tutorial/teacher.md).
UNITDIR ?= /etc/systemd/system
install-lab: install
	if [ -z "$(DESTDIR)" ]; then \
		getent group copyscope >/dev/null || groupadd --system copyscope; fi
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(PREFIX)/bin
	# students' PATH has no sbin: the client is an ordinary command there
	ln -sf ../sbin/copyscope $(DESTDIR)$(PREFIX)/bin/copyscope
	install -m 0644 lab/copyscope.socket $(DESTDIR)$(UNITDIR)/copyscope.socket
	sed 's|@SBINDIR@|$(PREFIX)/sbin|' lab/copyscope.service.in \
		>$(DESTDIR)$(UNITDIR)/copyscope.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/copyscope.service
	if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
		systemctl daemon-reload && systemctl enable --now copyscope.socket; fi

format:
	clang-format -i $$(git ls-files '*.c' '*.h' | grep -v '^vmlinux.h$$')

clean:
	rm -rf $(BUILD)
