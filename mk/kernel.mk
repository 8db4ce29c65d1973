# kernel.mk: the real-kernel proof (issue 4, docs/kernel.md).  Boots
# Debian's kernel under QEMU (TCG) with SELinux enforcing, loads the linked
# policy and performs the vectors as system calls.
#
#   make kernel-check ZONE=path/to/file.zone   one module
#   make test-kernel                           every shipped module, the
#                                              goldens of KERNEL_GOLDENS and
#                                              the broken-policy negative test

KERNEL_GUEST := $(BUILD)/kernel/guest
KERNEL_TSC   := $(BUILD)/kernel/tsckhz
KERNEL_OUT   := $(BUILD)/kernel
# goldens proven under the kernel too: sockets in /run/M/, made by the launcher
KERNEL_GOLDENS := tests/golden/run_socket.zone

.PHONY: kernel-check test-kernel
CHECK_TARGETS += test-kernel

# The guest's /init: one static program that plays every part.  Linked
# with musl (musl-tools, tools/deps.d/kernel): every entry file and exec
# probe is a copy of it, and under TCG the first exec of each copy
# translates the code it runs afresh; glibc's static start-up alone made
# that 6-9 ms a copy, and every later exec 0.5 ms dearer (docs/kernel.md,
# "Results and timings").  The kernel's UAPI headers (linux/audit.h,
# linux/netlink.h), which musl-gcc leaves out, come after musl's own.
# Without musl-gcc, the system compiler.
KERNEL_GUEST_CC := $(if $(shell command -v musl-gcc),musl-gcc \
	-idirafter /usr/include -idirafter /usr/include/$(shell $(CC) -print-multiarch),$(CC))
$(KERNEL_GUEST): tests/kernel/guest.c trial/vmlib.c trial/vmlib.h
	@mkdir -p $(@D)
	$(KERNEL_GUEST_CC) -D_GNU_SOURCE $(WARN) -Itrial -O2 -static -o $@ tests/kernel/guest.c trial/vmlib.c

# The host's TSC rate, for the guest kernel (module.sh); beside the guest.
$(KERNEL_TSC): tests/kernel/tsckhz.c
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(WARN) -O2 -o $@ tests/kernel/tsckhz.c

kernel-check: $(BIN) $(KERNEL_GUEST) $(KERNEL_TSC)
	@test -n "$(ZONE)" || { echo "usage: make kernel-check ZONE=path/to/file.zone"; exit 2; }
	@BASE="$(BASE)" sh tests/kernel/module.sh $(CURDIR)/$(BIN) $(CURDIR)/$(KERNEL_GUEST) $(ZONE) \
		$(KERNEL_OUT)/$(if $(BASE),$(BASE)-)$(notdir $(basename $(ZONE)))

test-kernel: $(BIN) $(KERNEL_GUEST) $(KERNEL_TSC)
	@mkdir -p $(KERNEL_OUT)
	@sh tests/kernel/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(KERNEL_GUEST) $(KERNEL_OUT) $(MODULES) $(KERNEL_GOLDENS)
