# ppwrite.mk: the .pp written in process with libsepol (gen/ppwrite.c,
# issue 16) against checkmodule + semodule_package (--pp-tool=checkmodule).
#
#   make test-ppwrite       seconds: the two .pp files of every shipped module,
#                           every golden zone and a generated 1000-zone file
#                           are the same bytes (ppdump shows what differs if
#                           not); the writer refusing an IR libsepol refuses
#                           (a located error, nothing in the output)
#   make test-ppwrite-link  a minute or two: the policies linked from the two
#                           .pp files do not differ (sediff; for the generated
#                           file, the same bytes)
#
# tests/ppwrite/run.sh and link.sh.

.PHONY: test-ppwrite test-ppwrite-link
CHECK_TARGETS += test-ppwrite test-ppwrite-link

PPDUMP  := $(BUILD)/tests/ppdump
PPREFUSE:= $(BUILD)/tests/pprefuse
PPREFUSE_OBJ := $(BUILD)/gen/ppwrite.o $(BUILD)/gen/emit_common.o $(BUILD)/gen/ir.o \
                $(BUILD)/util/arena.o $(BUILD)/util/buf.o $(BUILD)/util/strmap.o $(BUILD)/util/xalloc.o

$(PPDUMP): tests/ppwrite/ppdump.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(PPREFUSE): tests/ppwrite/refuse.c $(PPREFUSE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(INC_gen) $(WARN) $(CFLAGS) -o $@ $^ $(LDLIBS)

test-ppwrite: $(BIN) $(PPDUMP) $(PPREFUSE)
	@sh tests/ppwrite/run.sh $(CURDIR)/$(BIN) $(CURDIR)/$(PPDUMP) $(CURDIR)/$(PPREFUSE)

test-ppwrite-link: $(BIN)
	@sh tests/ppwrite/link.sh $(CURDIR)/$(BIN)
