# network.mk: the generated M.nft (issue 13): its secmark objects match the
# module's packet types, nftables accepts it in a private network
# namespace, and segments are closed before any reach.  tests/network/run.sh.

.PHONY: test-network
CHECK_TARGETS += test-network

test-network: $(BIN)
	@sh tests/network/run.sh $(CURDIR)/$(BIN)
