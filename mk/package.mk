# package.mk: `zonepolicy package` (issue 15, items 4 and 5): the Debian
# package of a module (dpkg-deb, lintian), its RPM spec (rpmbuild, rpmlint),
# the maintainer scripts against stub tools, and the Ansible playbook run
# with ansible-playbook -c local on an alternate root (dpkg --root).
# tests/package/run.sh.

.PHONY: test-package
CHECK_TARGETS += test-package

test-package: $(BIN)
	@sh tests/package/run.sh $(CURDIR)/$(BIN)
