# fedora.mk: the shipped modules on Fedora's targeted policy (issue 14,
# tests/fedora/run.sh).  The base is built once from ../shared/bases/fedora
# into the cache (tools/fedora-base.sh, keyed by the tarball's hash); where
# the snapshot is absent the suite says it is skipped and why.
#
#   make test-fedora          build, link and check every shipped module on Fedora
#   make fedora-base          only build the cached Fedora base
#   make kernel-check ZONE=... BASE=fedora   the kernel test on Fedora (mk/kernel.mk)

.PHONY: test-fedora fedora-base
CHECK_TARGETS += test-fedora

fedora-base:
	@sh tools/fedora-base.sh

test-fedora: $(BIN)
	@sh tests/fedora/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BUILD)/fedora $(MODULES)
