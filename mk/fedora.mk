# fedora.mk: the shipped modules on Fedora's targeted policy (issue 14,
# tests/fedora/run.sh).  The base is built once from ../shared/bases/fedora
# into the cache (tools/fedora-base.sh, keyed by the tarball's hash); where
# the snapshot is absent the suite says it is skipped and why.
#
#   make test-fedora          build, link and check every shipped module on Fedora
#   make fedora-base          only build the cached Fedora base
#   make kernel-check ZONE=... BASE=fedora   the kernel test on Fedora (mk/kernel.mk)
#   make test-kernel-fedora   every shipped module under the kernel on Fedora
#   make trial ZONE=... BASE=fedora   a module's real-program trial on Fedora (mk/trial.mk)
#   make test-trial-fedora    every shipped module's trial on Fedora

.PHONY: test-fedora fedora-base
CHECK_TARGETS += test-fedora test-kernel-fedora

fedora-base:
	@sh tools/fedora-base.sh

test-fedora: $(BIN)
	@sh tests/fedora/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BUILD)/fedora $(MODULES)

# The kernel test on Fedora's linked policy: every shipped module and the
# negative test (tests/kernel/run.sh with BASE=fedora), in `make check`
# (about a minute of QEMU per module); skipped, with the
# reason, where ../shared/bases/fedora is absent.
.PHONY: test-kernel-fedora
test-kernel-fedora: $(BIN) $(BUILD)/kernel/guest $(BUILD)/kernel/tsckhz   # mk/kernel.mk builds them (read after this file)
	@sh tools/fedora-base.sh >/dev/null; rc=$$?; \
	if [ $$rc = 77 ]; then \
		echo "kernel-fedora: skipped: ../shared/bases/fedora (the pinned Fedora policy snapshot) is absent"; \
	elif [ $$rc != 0 ]; then \
		echo "kernel-fedora: building the Fedora base failed"; exit 1; \
	else \
		mkdir -p $(BUILD)/kernel-fedora && \
		BASE=fedora KERNEL_DIR=$(CURDIR)/$(KERNEL_OUT)/kernel-image sh tests/kernel/run.sh $(CURDIR)/$(BIN) \
			$(CURDIR)/$(KERNEL_GUEST) $(CURDIR)/$(BUILD)/kernel-fedora $(MODULES); \
	fi

# The real-program trials (docs/trial.md) on Fedora's linked policy: every
# shipped module's trial, the programs Debian's, labelled by Fedora's file
# contexts.  Not in `make check` (minutes of QEMU each).
.PHONY: test-trial-fedora
test-trial-fedora: trial-kit   # mk/trial.mk
	@if sh tools/fedora-base.sh >/dev/null; then \
		BASE=fedora sh tests/trial/run.sh $(CURDIR)/$(BIN) $(BUILD)/trials-fedora $(MODULE_TRIALS); \
	else echo "trials: skipped: no Fedora base (../shared/bases/fedora absent)"; echo "trials: 0 passed, 0 failed"; fi
