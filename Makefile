# guardian: build, demo, check, bench, install. Every library via pkg-config.
CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
WITH_LIBVIRT ?= yes
VERSION := 0.1.0

PKGS := libxml-2.0 libxslt libexslt glib-2.0 gio-2.0 json-glib-1.0
ifeq ($(WITH_LIBVIRT),yes)
PKGS += libvirt
DEFS += -DWITH_LIBVIRT=1
endif

CFLAGS ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -MMD -MP
override CPPFLAGS += -Ichecker -Ibuild -DGDN_VERSION='"$(VERSION)"' $(DEFS) \
	$(shell $(PKG_CONFIG) --cflags $(PKGS))
LDLIBS += $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm

B := build
LIB_SRC := $(filter-out checker/main.c,$(wildcard checker/*.c)) $(wildcard rules/*.c)
LIB_OBJ := $(patsubst %.c,$(B)/%.o,$(LIB_SRC)) $(B)/resources.o
RESOURCES := $(sort $(wildcard docs/rules/*.md) $(wildcard fixes/*.xsl))

TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TEST_SRC))

.PHONY: all demo check unit cli corpus bench fuzz install clean format lint deps
all: guardian

guardian: $(B)/checker/main.o $(B)/libguardian.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/libguardian.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Rule pages and fix stylesheets are embedded, so the binary needs no data dir.
$(B)/resources.xml: $(RESOURCES) Makefile
	@mkdir -p $(B)
	ci/gen-resources.sh $(RESOURCES) > $@

$(B)/resources.c: $(B)/resources.xml $(RESOURCES)
	glib-compile-resources --sourcedir=. --generate-source --c-name gdn \
		--target=$@ $<

$(B)/resources.o: $(B)/resources.c
	$(CC) $(CPPFLAGS) $(filter-out -Werror,$(CFLAGS)) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/tests/helpers.o $(B)/libguardian.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(LDLIBS) \
		$$($(PKG_CONFIG) --libs cmocka)

$(B)/tests/helpers.o: tests/unit/helpers.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -c -o $@ $<

deps:
	ci/install-deps.sh

demo: deps guardian
	./guardian check examples/win11-virt-install.xml --host-caps examples/host-intel.xml || true
	./guardian check examples/win11-tuned.xml --host-caps examples/host-intel.xml

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done

cli: guardian
	tests/cli/run.sh

corpus: guardian
	tests/corpus/run.sh

check: deps all unit cli corpus

bench: guardian
	ci/bench.sh

install: guardian
	install -D -m 0755 guardian $(DESTDIR)$(PREFIX)/bin/guardian

format:
	clang-format -i checker/*.[ch] rules/*.[ch] tests/unit/*.[ch]

lint:
	clang-format --dry-run --Werror checker/*.[ch] rules/*.[ch] tests/unit/*.[ch]
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--suppress=missingIncludeSystem --inline-suppr -Ichecker checker rules

clean:
	rm -rf $(B) guardian

-include $(shell find $(B) -name '*.d' 2>/dev/null)
