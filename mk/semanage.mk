# semanage.mk: the generated M.semanage script (issue 10), without a live
# SELinux store: shells parse it, a stub semanage runs it (-a/-m, one
# import, failures stop it before any change), and the real semanage's
# command parser accepts every line it imports.  tests/semanage/run.sh.

.PHONY: test-semanage
CHECK_TARGETS += test-semanage

test-semanage: $(BIN)
	@sh tests/semanage/run.sh $(CURDIR)/$(BIN)
