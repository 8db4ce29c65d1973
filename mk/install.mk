# install.mk: `zonepolicy install` and `uninstall` with the real semodule,
# semanage and setfiles on an alternate root (issue 15, docs/install.md).
# tests/install/run.sh.

.PHONY: test-install
CHECK_TARGETS += test-install

test-install: $(BIN)
	@sh tests/install/run.sh $(CURDIR)/$(BIN)
