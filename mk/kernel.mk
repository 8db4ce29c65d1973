# kernel.mk: the real-kernel proof (issue 4, docs/kernel.md).  Boots
# Debian's kernel under QEMU (TCG) with SELinux enforcing, loads the linked
# policy and performs the vectors as system calls.
#
#   make kernel-check ZONE=path/to/file.zone   one module
#   make test-kernel                           every shipped module, the
#                                              goldens of KERNEL_GOLDENS and
#                                              the broken-policy negative test

KERNEL_GUEST := $(BUILD)/kernel/guest
KERNEL_OUT   := $(BUILD)/kernel
# goldens proven under the kernel too: sockets in /run/M/, made by the launcher
KERNEL_GOLDENS := tests/golden/run_socket.zone

.PHONY: kernel-check test-kernel
CHECK_TARGETS += test-kernel

# The guest's /init: one static program that plays every part.
$(KERNEL_GUEST): tests/kernel/guest.c trial/vmlib.c trial/vmlib.h
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(WARN) -Itrial -O2 -static -o $@ tests/kernel/guest.c trial/vmlib.c

kernel-check: $(BIN) $(KERNEL_GUEST)
	@test -n "$(ZONE)" || { echo "usage: make kernel-check ZONE=path/to/file.zone"; exit 2; }
	@BASE="$(BASE)" sh tests/kernel/module.sh $(CURDIR)/$(BIN) $(CURDIR)/$(KERNEL_GUEST) $(ZONE) \
		$(KERNEL_OUT)/$(if $(BASE),$(BASE)-)$(notdir $(basename $(ZONE)))

test-kernel: $(BIN) $(KERNEL_GUEST)
	@mkdir -p $(KERNEL_OUT)
	@sh tests/kernel/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(KERNEL_GUEST) $(KERNEL_OUT) $(MODULES) $(KERNEL_GOLDENS)
