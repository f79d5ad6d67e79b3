#!/bin/sh
# A rule ID typo fails the build (ci/check-rule-ids.sh, run by the Makefile
# before any rule module compiles), not a run-time assertion.
. tests/cli/lib.sh
ci/check-rule-ids.sh rules/*.c >"$TMP/out" 2>&1 && ok "the rule tables and their call sites agree" \
  || not_ok "the rule tables and their call sites agree" "$(cat "$TMP/out")"

# A scratch copy of the tree and its build, with one typo each time.
tar --exclude=./guardian --exclude=./.git --exclude=./tests -cf - . | tar -xf - -C "$TMP"
typo() { # typo NAME FILE SED-EXPRESSION EXPECTED-ERROR
  cp "rules/$2" "$TMP/rules/$2"
  sed -i "$3" "$TMP/rules/$2"
  if cmp -s "rules/$2" "$TMP/rules/$2"; then not_ok "$1" "the sed expression changed nothing"; return; fi
  rm -f "$TMP/guardian"
  make -C "$TMP" -s guardian >"$TMP/out" 2>&1; mrc=$?
  cp "rules/$2" "$TMP/rules/$2"
  if [ "$mrc" -ne 0 ] && grep -q -- "$4" "$TMP/out" && [ ! -e "$TMP/guardian" ]; then ok "$1"
  else not_ok "$1" "make exited $mrc; output: $(head -5 "$TMP/out")"; fi
}
typo "a typo in gdn_report's ID fails the build" clock.c \
  '0,/gdn_report(ck, "CLK002"/s//gdn_report(ck, "CLK02"/' 'rules/clock.c:[0-9]*: unknown rule ID "CLK02"'
typo "an ID of another module fails the build" storage.c \
  '0,/gdn_report(ck, "DSK003"/s//gdn_report(ck, "CLK003"/' 'unknown rule ID "CLK003"'
typo "a typo in a call that spans lines fails the build" graphics.c \
  '0,/ck, "GPU003", model,/s//ck, "gpu003", model,/' 'unknown rule ID "gpu003"'
typo "a typo in an ID table passed to gdn_report fails the build" enlightenments.c \
  's/{"HV013", "tlbflush"}/{"HV031", "tlbflush"}/' 'unknown rule ID "HV031"'
typo "a typo in gdn_check_wants fails the build" pinning.c \
  '0,/gdn_check_wants(ck, "PIN\([0-9]*\)"/s//gdn_check_wants(ck, "PIN9\1"/' 'unknown rule ID "PIN9'
typo "an ID of pinning.c reported by pinning_libvirt.c fails the build" pinning_libvirt.c \
  '0,/gdn_report(ck, "PIN031"/s//gdn_report(ck, "PIN001"/' 'rules/pinning_libvirt.c:[0-9]*: unknown rule ID "PIN001"'
typo "an ID defined twice fails the build" clock.c \
  '0,/\.id = "CLK002"/s//.id = "CLK001"/' 'rule ID CLK001 is already defined'
make -C "$TMP" -s guardian >"$TMP/out" 2>&1 && ok "the copy builds again without the typo" \
  || not_ok "the copy builds again without the typo" "$(head -5 "$TMP/out")"
finish
