# bench.mk: `make bench`, what zonepolicy costs next to the tools users would
# use instead (issue 7; docs/bench.md).  The figures live in bench/results.md,
# never in `make check`: the check suite below only proves that the bench
# scripts run.
#
#   make bench              install what is missing, build, run bench/run.py;
#                           prints the table and writes bench/results.md
#   make test-bench-smoke   generator, one 10-zone build, the hand-written
#                           baseline: "bench-smoke: N passed, N failed"
#
# BENCH_RUNS, BENCH_ROUNDS, BENCH_LINK_RUNS, BENCH_FLOW_RUNS, BENCH_KERNEL_RUNS,
# BENCH_SESEARCH_SAMPLE and BENCH_SIZES tune the run (docs/bench.md).

.PHONY: bench test-bench-smoke
CHECK_TARGETS += test-bench-smoke

bench:
	@sh tools/deps.sh
	@$(MAKE) --no-print-directory all
	@/usr/bin/python3 bench/run.py --zp $(CURDIR)/$(BIN) --out $(CURDIR)/$(BUILD)/bench \
		--results bench/results.md

test-bench-smoke: $(BIN)
	@sh tests/bench-smoke/run.sh $(CURDIR)/$(BIN) $(BUILD)/bench-smoke
