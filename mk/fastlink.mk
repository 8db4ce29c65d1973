# fastlink.mk: the fast link (base/fastlink.h, issue 16) against the full
# one, `link --full` (tests/fastlink/run.sh): every shipped module and the
# golden zones, with sediff, on Debian's base and on Fedora's.
#
#   make test-fastlink          Debian's base
#   make test-fastlink-fedora   Fedora's (skipped, with the reason, where
#                               ../shared/bases/fedora is absent)

.PHONY: test-fastlink test-fastlink-fedora
CHECK_TARGETS += test-fastlink test-fastlink-fedora

test-fastlink: $(BIN)
	@sh tests/fastlink/run.sh $(CURDIR)/$(BIN)

test-fastlink-fedora: $(BIN)
	@sh tools/fedora-base.sh >/dev/null; rc=$$?; \
	if [ $$rc = 77 ]; then \
		echo "fastlink-fedora: skipped: ../shared/bases/fedora (the pinned Fedora policy snapshot) is absent"; \
		echo "fastlink-fedora: 0 passed, 0 failed"; \
	elif [ $$rc != 0 ]; then \
		echo "fastlink-fedora: building the Fedora base failed"; exit 1; \
	else \
		sh tests/fastlink/run.sh $(CURDIR)/$(BIN) fedora; \
	fi
