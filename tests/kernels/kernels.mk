# tests/kernels/kernels.mk - the kernel matrix (Debian's 6.1 and 6.12 under
# QEMU) and the static build of copyscope it boots.
#
#   make check-kernels                  every kernel in KERNEL_SLOTS
#   make check-kernels KERNEL_SLOTS=6.1 one kernel series
#
# Included by the top-level Makefile; see tests/kernels/README.md.

KERNEL_SLOTS ?= 6.1 6.12
# Modules taken from each kernel's package and loaded in the VM (with what
# they depend on): veth for the demo that builds a network namespace,
# virtio-blk and ext4 for the scratch disk (O_DIRECT, cold caches, disk DMA),
# crc32c_generic for ext4 (it loads "crc32c" at every mount).
KERNEL_MODULES ?= veth virtio_pci virtio_blk ext4 crc32c_generic
# The demos go where copyscope looks for them: demos/ next to its binary.
# Dynamically linked ones bring their shared libraries into the image.
KERNEL_DEMOS ?= $(DEMO_BINS)
KERNEL_EXTRA ?= $(foreach d,$(KERNEL_DEMOS),$(d)=/bin/demos/$(notdir $(d)))

.PHONY: check-kernels static

# The same objects as $(BUILD)/copyscope, linked with -static so that the
# one file is all the initramfs needs (the BPF objects are in its skeletons).
static: $(BUILD)/static/copyscope
$(BUILD)/static/copyscope: $(APP_OBJS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -static $^ -o $@ $(LDLIBS) $(UI_LIBS) -lm

check-kernels: $(BUILD)/static/copyscope $(KERNEL_DEMOS)
	$(Q)KERNEL_OUT=$(BUILD)/kernels KERNEL_MODULES="$(KERNEL_MODULES)" \
	COPYSCOPE_HOST=$(BUILD)/static/copyscope \
	KERNEL_FILES="$(BUILD)/static/copyscope=/bin/copyscope $(KERNEL_EXTRA)" \
	bash tests/kernels/run.sh $(KERNEL_SLOTS)

CHECK_TARGETS += check-kernels
