# trialassets.mk: the assets of the sw trial (issue 12, part 3; trial/sw/),
# built from the repository's sources and proven on the host, without
# SELinux: the two guests' boot sectors (GNU as), the clipboard gateway (C,
# static, so the trial's tree needs no libraries for it), and the launcher
# run end to end with SW_NO_SELINUX=1 (tests/trial-assets/run.sh).
#
#   make trial-assets        build $(BUILD)/trial/sw/{general.img,classified.img,sw-gateway}
#   make test-trial-assets   prove each asset; "trial-assets: N passed, N failed"

TRIAL_SW := $(BUILD)/trial/sw
TRIAL_SW_ASSETS := $(TRIAL_SW)/general.img $(TRIAL_SW)/classified.img $(TRIAL_SW)/sw-gateway
AS ?= as
LD ?= ld

.PHONY: trial-assets test-trial-assets
CHECK_TARGETS += test-trial-assets
trial-assets: $(TRIAL_SW_ASSETS)

# a guest: one boot sector at 0:7c00, 512 bytes with its signature
$(TRIAL_SW)/%.o: trial/sw/guest/%.s trial/sw/guest/common.s
	@mkdir -p $(@D)
	$(AS) --32 -I trial/sw/guest -o $@ $<
$(TRIAL_SW)/%.img: $(TRIAL_SW)/%.o
	$(LD) -m elf_i386 -Ttext 0x7c00 -e _start --oformat binary -o $@ $<
	@test "$$(wc -c <$@)" -eq 512 || { echo "$@: not one 512-byte sector"; rm -f $@; exit 1; }

$(TRIAL_SW)/sw-gateway: trial/sw/sw-gateway.c
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(WARN) -O2 -g -static -o $@ $<

test-trial-assets: $(TRIAL_SW_ASSETS)
	@sh tests/trial-assets/run.sh $(CURDIR)/$(TRIAL_SW)
