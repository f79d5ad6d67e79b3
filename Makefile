# guardian: build, demo, check, bench, install. Every library via pkg-config.
CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
WITH_LIBVIRT ?= yes
VERSION := 0.1.0

PKGS := libxml-2.0 libxslt glib-2.0 gmodule-no-export-2.0 yajl
# Only the unit tests use json-glib (parsing reports) and GIO (subprocesses).
TEST_PKGS := json-glib-1.0 gio-2.0
TEST_CPPFLAGS = -Itests/unit $(PKG_TEST_CFLAGS)
# guardian loads libvirt at run time, only for -c (checker/source/libvirt.c):
# compiled against its headers, linked without it. Test binaries that call
# libvirt directly link it.
ifeq ($(WITH_LIBVIRT),yes)
LIBVIRT_PKG := libvirt
DEFS += -DWITH_LIBVIRT=1
endif

CFLAGS ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -MMD -MP
# pkg-config runs when a recipe first needs its output, once, never while
# the Makefile is parsed: `make demo`/`make check` install it first (deps).
lazy = $(eval $(1) := $$(shell $(2)))$($(1))
PKG_CFLAGS = $(call lazy,PKG_CFLAGS,$(PKG_CONFIG) --cflags $(PKGS) $(LIBVIRT_PKG))
PKG_LIBS = $(call lazy,PKG_LIBS,$(PKG_CONFIG) --libs $(PKGS))
PKG_TEST_CFLAGS = $(call lazy,PKG_TEST_CFLAGS,$(PKG_CONFIG) --cflags $(TEST_PKGS))
PKG_TEST_LIBS = $(call lazy,PKG_TEST_LIBS,$(PKG_CONFIG) --libs $(TEST_PKGS) $(LIBVIRT_PKG))
override CPPFLAGS += -Ichecker -I. -Ibuild -DGDN_VERSION='"$(VERSION)"' $(DEFS) $(PKG_CFLAGS)
# mimalloc replaces malloc for the whole process (libxml2 and libxslt
# allocate a node, a string, a hash per step): --diff over the corpus runs
# about 18% faster than with glibc's malloc. No symbol of it is called, so
# it is linked past --as-needed; tests keep glibc's (valgrind, ASan).
MALLOC_LIBS := -Wl,--no-as-needed -lmimalloc -Wl,--as-needed
LDLIBS += $(PKG_LIBS) -lm
TEST_LDLIBS = $(LDLIBS) $(PKG_TEST_LIBS)
# Link only what is used and bind symbols lazily: start-up is a visible part
# of checking one file (pre-commit runs guardian once per commit).
LDFLAGS += -Wl,--as-needed -Wl,-z,lazy

B := build
# Quiet by default; `make V=1` shows full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif
LIB_SRC := $(filter-out checker/cli/main.c,$(wildcard checker/*/*.c)) $(wildcard rules/*.c)
LIB_OBJ := $(patsubst %.c,$(B)/%.o,$(LIB_SRC)) $(B)/resources.o
RESOURCES := $(sort $(wildcard docs/rules/*.md) $(wildcard fixes/*.xsl) $(wildcard fixes/lib/*.xsl))

TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TEST_SRC))

.PHONY: all demo demo-run check check-all test-fast regenerate mutate sarif dist-tests test-bins unit fixtest cli corpus libvirt integration bench fuzz fuzz-smoke install uninstall deb clean format lint deps
all: guardian

guardian: $(B)/checker/cli/main.o $(B)/libguardian.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(MALLOC_LIBS) $(LDLIBS)

$(B)/libguardian.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

# A rule ID that its module's table lacks fails the build, before any rule
# module compiles (gdn_report would otherwise assert at run time).
$(B)/rule-ids.ok: $(wildcard rules/*.c) ci/check-rule-ids.sh
	@mkdir -p $(B)
	$(Q)ci/check-rule-ids.sh $(wildcard rules/*.c)
	@touch $@

$(patsubst %.c,$(B)/%.o,$(wildcard rules/*.c)): | $(B)/rule-ids.ok

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Rule pages and fix stylesheets are embedded, so the binary needs no data dir.
$(B)/resources.c: $(RESOURCES) ci/gen-resources.sh Makefile
	@mkdir -p $(B)
	ci/gen-resources.sh $(RESOURCES) > $@.tmp && mv $@.tmp $@

$(B)/resources.o: $(B)/resources.c
	$(CC) $(CPPFLAGS) $(filter-out -Werror,$(CFLAGS)) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/tests/helpers.o $(B)/libguardian.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CCLD    $@")
	$(Q)$(CC) $(CPPFLAGS) $(TEST_CPPFLAGS) $(CFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(TEST_LDLIBS) \
		$$($(PKG_CONFIG) --libs cmocka)

$(B)/tests/helpers.o: tests/unit/helpers.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(TEST_CPPFLAGS) $(CFLAGS) -c -o $@ $<

deps:
	ci/install-deps.sh

# Dependencies first, then the build: nothing runs pkg-config before it exists.
demo: deps
	@$(MAKE) --no-print-directory guardian
	@$(MAKE) --no-print-directory demo-run

# Exit 1 (findings) is the expected outcome of the first two commands.
demo-run:
	@echo "== A virt-install default Windows 11 guest (findings expected, exit 1):"
	@./guardian check --host-caps examples/host-intel.xml examples/win11-virt-install.xml; \
		rc=$$?; echo "(exit $$rc)"; test $$rc -eq 1
	@echo; echo "== The safe fixes for it, as a patch:"
	@./guardian check --host-caps examples/host-intel.xml --diff examples/win11-virt-install.xml; \
		rc=$$?; echo "(exit $$rc)"; test $$rc -eq 1
	@echo; echo "== A tuned Windows 11 guest (clean, exit 0):"
	@./guardian check --host-caps examples/host-intel.xml examples/win11-tuned.xml; \
		rc=$$?; echo "(exit $$rc)"; test $$rc -eq 0

test-bins: $(TEST_BIN)

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done

# Shell tests: tests/AREA/test_*.sh, TAP through prove (tests/lib.sh).
PROVE := prove --failures --comments
# Fixer CLI (golden diffs, git apply, --fix, --emit-xslt, read-only write),
# every rule's fix (libvirt accepts it), fix snapshots (each stylesheet alone, once),
# --emit-xslt through xsltproc equals --fix, what --fix keeps and refuses when writing.
FIX_TESTS := tests/fix/test_cli.sh tests/fix/test_rules.sh tests/fix/test_snapshots.sh tests/fix/test_emit.sh \
	tests/fix/test_write.sh
# Distribution: .deb, Containerfile, GitHub action, Ansible, pre-commit build
# hook, docs/integration.md's examples (about 3 min): in check, not in test-fast.
DIST_TESTS := $(addprefix tests/cli/,test_deb.sh test_containerfile.sh test_action.sh test_ansible.sh \
	test_precommit_build.sh test_integration_doc.sh)
# CLI contract, reporters' goldens, golden cases, messages, suppressions, install,
# pre-commit, hostile inputs, I/O, timeouts, rule IDs and pages.
CLI_TESTS := $(filter-out tests/cli/test_sarif_validator.sh $(DIST_TESTS),$(wildcard tests/cli/test_*.sh))
CORPUS_TESTS := tests/corpus/test_corpus.sh tests/corpus/test_rejected.sh tests/corpus/test_fixes.sh \
	tests/corpus/test_sarif_fixes.sh
# Shell tests no target runs (test-fast fails on them: register a new one).
UNREGISTERED := $(filter-out $(CLI_TESTS) $(DIST_TESTS) $(FIX_TESTS) $(CORPUS_TESTS) tests/cli/test_sarif_validator.sh \
	tests/libvirt/test_driver.sh tests/libvirt/test_nolibvirt.sh tests/integration/test_qemu_session.sh, \
	$(wildcard tests/*/test_*.sh))

fixtest: guardian
	$(PROVE) $(FIX_TESTS)

cli: guardian
	$(PROVE) $(CLI_TESTS)

# Microsoft's SARIF validator (about 100 s): in check, not in test-fast.
sarif: guardian
	$(PROVE) tests/cli/test_sarif_validator.sh

dist-tests: guardian
	$(PROVE) $(DIST_TESTS)

# Every unit test, golden and fix snapshot, the fixer's tests: the suite to
# run before a commit and against each mutant (make mutate).
test-fast: guardian $(TEST_BIN)
	@test -z "$(UNREGISTERED)" || { echo "not run by any make target: $(UNREGISTERED)"; exit 1; }
	@$(MAKE) -s unit >$(B)/unit.log 2>&1 || { grep -B5 -A20 -E 'FAILED|ERROR|Assertion' $(B)/unit.log | head -80; exit 1; }
	@echo "unit: all passed"
	$(PROVE) -j2 $(CLI_TESTS) $(FIX_TESTS)

# Rewrites every expected output (report goldens in every format, golden
# CLI cases, fixer diffs, fix snapshots) from the current build, as
# libvirt's VIR_TEST_REGENERATE_OUTPUT; review the result with git diff.
regenerate: guardian
	GDN_REGENERATE=1 $(PROVE) tests/cli/test_reporters.sh tests/cli/test_cases.sh tests/cli/test_messages.sh \
		tests/fix/test_cli.sh tests/fix/test_snapshots.sh

corpus: guardian
	VALGRIND=1 $(PROVE) tests/corpus/test_corpus.sh
	$(PROVE) $(filter-out tests/corpus/test_corpus.sh,$(CORPUS_TESTS))

# libvirt's test driver (node file), and the WITH_LIBVIRT=no build in a scratch copy.
libvirt: guardian
ifeq ($(WITH_LIBVIRT),yes)
	$(PROVE) tests/libvirt/test_driver.sh
endif
	$(PROVE) tests/libvirt/test_nolibvirt.sh

# A real qemu:///session daemon started as an unprivileged user.
integration: guardian
ifeq ($(WITH_LIBVIRT),yes)
	$(PROVE) tests/integration/test_qemu_session.sh
endif

check: deps
	@$(MAKE) --no-print-directory check-all

check-all: all lint test-fast sarif dist-tests corpus libvirt integration fuzz-smoke

# Mutation testing (slow, not part of check): tests/mutate/mutations.txt,
# each mutation alone in a scratch copy against test-fast; prints the score.
mutate:
	tests/mutate/mutate.py

bench: guardian
	ci/bench.sh

MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

install: guardian
	install -D -m 0755 guardian $(DESTDIR)$(PREFIX)/bin/guardian
	install -D -m 0644 docs/guardian.1 $(DESTDIR)$(MANDIR)/man1/guardian.1
	install -D -m 0644 completions/guardian.bash $(DESTDIR)$(BASHCOMPDIR)/guardian

# A Debian package built with dpkg-deb from a clean copy (ci/build-deb.sh).
deb:
	ci/build-deb.sh

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/guardian $(DESTDIR)$(MANDIR)/man1/guardian.1 \
		$(DESTDIR)$(BASHCOMPDIR)/guardian

format:
	clang-format -i checker/*/*.[ch] rules/*.[ch] tests/unit/*.[ch]

lint:
	clang-format --dry-run --Werror checker/*/*.[ch] rules/*.[ch] tests/unit/*.[ch]
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--suppress=missingIncludeSystem --inline-suppr -Ichecker \
		"-DG_DEFINE_AUTOPTR_CLEANUP_FUNC(a,b)=" "-DG_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(a,b)=" \
		"-DG_GNUC_PRINTF(a,b)=" checker rules
	ci/function-length.py checker/*/*.c rules/*.c

clean:
	rm -rf $(B) guardian

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Coverage-guided fuzzing (clang + libFuzzer + ASan/UBSan): every parser of
# an input (tests/fuzz/fuzz_*.c: domain check, fixer as --diff runs it,
# config, baseline, capabilities). The library is instrumented once.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS := -g -O1 -std=gnu11 -fsanitize=address,undefined -MMD -MP \
	-Werror=implicit-function-declaration -Werror=int-conversion
FUZZ_OBJ := $(patsubst %.c,$(B)/fuzz/obj/%.o,$(LIB_SRC)) $(B)/fuzz/obj/resources.o
.SECONDARY: $(FUZZ_OBJ)
$(patsubst %.c,$(B)/fuzz/obj/%.o,$(wildcard rules/*.c)): | $(B)/rule-ids.ok

$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)clang $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(B)/fuzz/obj/resources.o: $(B)/resources.c
	@mkdir -p $(dir $@)
	$(Q)clang $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_file.h tests/fuzz/fuzz_domain.h $(FUZZ_OBJ)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)clang $(CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ \
		$(filter %.c %.o,$^) $(LDLIBS)

fuzz: $(FUZZ_TARGETS)
	ci/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# make check: each target briefly, when clang's libFuzzer is there
# (ci/install-deps.sh installs clang).
fuzz-smoke:
	@if echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' | \
		clang -x c -fsanitize=fuzzer -o $(B)/fuzz-probe - 2>/dev/null; then \
		$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$${FUZZ_SMOKE_SECONDS:-5}; \
	else echo "fuzz-smoke: clang with libFuzzer not installed; skipped"; fi
