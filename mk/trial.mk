# trial.mk: `zonepolicy trial`, the policy tried on real programs in a
# throwaway enforcing VM (docs/trial.md).  The kit (trial.sh and the static
# /init, tinit) lives beside the binary in $(BUILD)/trial/, where the command
# finds it; `make install` puts it in $(PREFIX)/libexec/zonepolicy.
#
#   make trial ZONE=modules/M/M.zone   runs modules/M/M.trial
#   make test-trial                    every shipped module with a .trial,
#                                      and the kit's own trial (tests/trial)

TRIAL_KIT    := $(BUILD)/trial
TRIAL_FILES  := $(TRIAL_KIT)/tinit $(TRIAL_KIT)/trial.sh $(TRIAL_KIT)/vmlinux.sh
MODULE_TRIALS := $(sort $(wildcard modules/*/*.trial))

.PHONY: trial test-trial trial-kit
CHECK_TARGETS += test-trial

$(BUILD)/cli/cmd_trial.o: CPPFLAGS += -DZP_LIBEXEC='"$(PREFIX)/libexec/zonepolicy"'

$(TRIAL_KIT)/tinit: trial/tinit.c trial/vmlib.c trial/vmlib.h
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(WARN) -Itrial -O2 -static -o $@ trial/tinit.c trial/vmlib.c
$(TRIAL_KIT)/%.sh: trial/%.sh
	@mkdir -p $(@D)
	cp $< $@

trial-kit: $(BIN) $(TRIAL_FILES) trial-assets

trial: trial-kit
	@test -n "$(ZONE)" || { echo "usage: make trial ZONE=modules/M/M.zone"; exit 2; }
	@test -f "$(basename $(ZONE)).trial" || { echo "make trial: no $(basename $(ZONE)).trial"; exit 2; }
	@$(if $(filter fedora,$(BASE)),sh tools/fedora-base.sh >/dev/null &&) $(BIN) trial $(if $(BASE),--base-profile $(BASE)) \
		-o $(BUILD)/trials/$(if $(BASE),$(BASE)-)$(notdir $(basename $(ZONE))) $(ZONE) $(basename $(ZONE)).trial

test-trial: trial-kit
	@sh tests/trial/run.sh $(CURDIR)/$(BIN) $(BUILD)/trials tests/trial/*.trial $(MODULE_TRIALS)

install-trial: $(TRIAL_FILES)
	install -d $(DESTDIR)$(PREFIX)/libexec/zonepolicy
	install -m 755 $(TRIAL_KIT)/tinit $(DESTDIR)$(PREFIX)/libexec/zonepolicy/tinit
	install -m 644 $(TRIAL_KIT)/trial.sh $(DESTDIR)$(PREFIX)/libexec/zonepolicy/trial.sh
	install -m 644 $(TRIAL_KIT)/vmlinux.sh $(DESTDIR)$(PREFIX)/libexec/zonepolicy/vmlinux.sh
