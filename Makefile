# kpistat: build, test, demo, install.
#   make          build ./kpistat
#   make demo     build, run the sample city's Stat cycle into demo.db, write packet.pdf
#   make check    build and run every test (unit tests, then CLI tests)
#   make asan     the whole test suite under AddressSanitizer + UBSan (in build-asan/)
#   make bench    import and analysis benchmarks against named peers
#   make fuzz     every libFuzzer harness in tests/fuzz/ for FUZZ_TIME seconds (clang)
#   make install  PREFIX=/usr/local DESTDIR=
# Missing Debian packages are installed by `make deps` (as root) or named for you to install.

PREFIX	?= /usr/local
BUILD	?= build
# test_faults.sh tries every Nth fault point (make asan: every 3rd).
FAULT_STRIDE ?= 1
BIN	?= kpistat
CC	?= cc
CFLAGS	?= -O2 -g
WERROR	?=
WARN	 = -std=c17 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wwrite-strings -Wformat=2 -Wvla -Wno-format-nonliteral $(WERROR)
CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	    -DKPISTAT_TEMPLATE_DIR='"$(PREFIX)/share/kpistat/templates"'
# Debian's libhpdf-dev and libcsv-dev ship no .pc file; the others are plain -l flags too.
LDLIBS	+= -lsqlite3 -lyaml -lhpdf -lcsv -ljansson -llz4 -lsodium -lmicrohttpd -lm
# zlib: pdf.c deflates a map's paths itself, at a faster level than libharu's.
LDLIBS	+= -lz
TESTLIBS = -lcmocka

DEB_PKGS = libsqlite3-dev libyaml-dev libhpdf-dev libcmocka-dev libcsv-dev libjansson-dev liblz4-dev \
	   libsodium-dev libmicrohttpd-dev curl \
	   pkg-config sqlite3 time fonts-dejavu-core qpdf poppler-utils groff-base bsdextrautils
DEB_PKGS += zlib1g-dev

SRC	 = $(wildcard stat/*.c)
OBJ	 = $(SRC:stat/%.c=$(BUILD)/%.o)
# Test binaries link the modules, not the command layer (which needs main.c's table) or the
# web server.
LIBOBJ	 = $(filter-out $(BUILD)/main.o $(BUILD)/cmd_%.o $(BUILD)/web%.o,$(OBJ))
TESTS	 = $(patsubst tests/%.c,$(BUILD)/%,$(wildcard tests/test_*.c))

all: $(BIN)

$(BIN): $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/%.o: stat/%.c | $(BUILD)/.deps
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

# Each links the shared temporary-store fixture too (tests/store_fixture.h).
TESTFIX	 = $(BUILD)/store_fixture.o
$(BUILD)/test_%: tests/test_%.c $(TESTFIX) $(LIBOBJ) | $(BUILD)/.deps
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(TESTFIX) $(LIBOBJ) $(LDLIBS) $(TESTLIBS)
$(TESTFIX): tests/store_fixture.c | $(BUILD)/.deps
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

# Make sure the Debian packages are there: install them when root, else say how.
deps: $(BUILD)/.deps
$(BUILD)/.deps:
	@mkdir -p $(BUILD)
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >&2 || exit 1; \
	  else \
	    echo "kpistat needs these Debian packages; run:" >&2; \
	    echo "  sudo apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi
	@touch $@

check: $(BIN) $(TESTS) $(BUILD)/events_gen fuzz-replay $(BUILD)/kpistat-faults
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done
	@EVENTS_GEN=$(BUILD)/events_gen KPISTAT_FAULTS=$(BUILD)/kpistat-faults \
	    FAULT_STRIDE=$(FAULT_STRIDE) tests/cli/run.sh ./$(BIN)

demo: $(BIN)
	rm -f demo.db demo.db-wal demo.db-shm
	./$(BIN) --db demo.db init
	./$(BIN) --db demo.db catalog load samples/city/catalog.yaml
	samples/city/cycle.sh ./$(BIN) demo.db packet.pdf memo.pdf
	./$(BIN) --db demo.db status --program tulstat
	./$(BIN) --db demo.db action list --program tulstat
	./$(BIN) --db demo.db packet --program recordstat --period 2026-10 -o packet-records.pdf

ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/kpistat CFLAGS="$(ASAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" WERROR="$(WERROR)" FAULT_STRIDE=3 check

bench: $(BIN) bench-trend $(BUILD)/events_gen
	tests/bench/import.sh ./$(BIN)
	tests/bench/packet.sh ./$(BIN)
	tests/bench/events.sh ./$(BIN) $(BUILD)/events_gen
	tests/bench/maps.sh ./$(BIN)
	tests/bench/catalog.sh ./$(BIN)

install: $(BIN)
	install -D -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/kpistat
	install -D -m 644 kpistat.1 $(DESTDIR)$(PREFIX)/share/man/man1/kpistat.1
	install -d $(DESTDIR)$(PREFIX)/share/kpistat/templates
	for f in templates/*.yaml; do [ -e "$$f" ] || continue; \
	    install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/kpistat/templates/; done

# After changing a usage line in stat/main.c: rewrite README's command table and the man page's
# SYNOPSIS to match (tests/cli/test_docs.sh checks that they agree).
usage-docs: $(BIN)
	/usr/bin/python3 tests/docs/sync_usage.py ./$(BIN)
.PHONY: usage-docs

clean:
	rm -rf build build-asan build-fuzz build-cov kpistat demo.db demo.db-wal demo.db-shm packet-records.pdf

-include $(OBJ:.o=.d) $(TESTS:=.d) $(TESTFIX:.o=.d)
.PHONY: all check demo asan bench install clean deps

# The trend module's benchmark and simulation: speed on 10,000 series of 120 months, false-alarm
# rate and detection delay of the default and Anhoej rules (tests/bench/trend_bench.c).
bench-trend: $(BUILD)/trend_bench
	$(BUILD)/trend_bench
$(BUILD)/trend_bench: tests/bench/trend_bench.c $(LIBOBJ) | $(BUILD)/.deps
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(LIBOBJ) $(LDLIBS)
.PHONY: bench-trend

# The raw-records benchmark's generator of synthetic permits, 911 calls and cases.
$(BUILD)/events_gen: tests/bench/events_gen.c | $(BUILD)/.deps
	$(CC) $(WARN) $(CFLAGS) -D_DEFAULT_SOURCE -o $@ $< -lm

# The web pages in a real browser (not part of `make check`): Debian's headless Chromium driven
# by chromedriver through python3-selenium; screenshots at phone and desktop widths land in
# $(BUILD)/browser (tests/browser/web_test.py). Its packages are installed here, when root.
BROWSER_PKGS = chromium chromium-driver python3-selenium
browser-test: $(BIN)
	@$(MAKE) --no-print-directory DEB_PKGS="$(BROWSER_PKGS)" BUILD=$(BUILD)/browser-deps deps
	/usr/bin/python3 tests/browser/web_test.py ./$(BIN) $(BUILD)/browser
.PHONY: browser-test

# The web server under load, with and without an events import beside it (tests/bench/web.sh).
bench-web: $(BIN) $(BUILD)/events_gen $(BUILD)/web_load
	tests/bench/web.sh ./$(BIN) $(BUILD)/events_gen $(BUILD)/web_load
$(BUILD)/web_load: tests/bench/web_load.c | $(BUILD)/.deps
	$(CC) $(WARN) $(CFLAGS) -D_GNU_SOURCE -o $@ $< -lpthread
.PHONY: bench-web

# ---- Fuzzing (tests/fuzz/): a libFuzzer harness per parser of outside input ----------------
#   make fuzz [FUZZ_TIME=60] [FUZZERS="csv num"]   run each harness (clang) for FUZZ_TIME seconds
# make check replays every seed and every input kept in tests/fuzz/regress/ (any compiler).
FUZZERS	?= $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(filter-out tests/fuzz/fuzz_util.c,\
	   $(wildcard tests/fuzz/fuzz_*.c))))
FUZZ_TIME ?= 60
FUZZ_CC	?= clang
FUZZ_BUILD = build-fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LIBOBJ = $(LIBOBJ:$(BUILD)/%=$(FUZZ_BUILD)/%)
REPLAYS	 = $(FUZZERS:%=$(BUILD)/fuzz_%_replay)
FUZZ_HDR = tests/fuzz/fuzz.h tests/fuzz/fuzz_util.c tests/fuzz/fuzz_catalog.c

$(BUILD)/fuzz_%_replay: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_HDR) $(LIBOBJ) | $(BUILD)/.deps
	$(CC) $(CPPFLAGS) -Itests/fuzz $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	    tests/fuzz/fuzz_util.c $(LIBOBJ) $(filter %.o,$(filter-out $(LIBOBJ),$^)) $(LDLIBS)

# fuzz_http runs the web pages (not web.c: libmicrohttpd's side) on a store that
# tests/fuzz/http_store.sh makes with the kpistat binary $(KPISTAT).
WEB_PAGE_OBJ = $(filter-out $(BUILD)/web.o,$(filter $(BUILD)/web%.o,$(OBJ)))
$(BUILD)/fuzz_http_replay: $(WEB_PAGE_OBJ)
$(FUZZ_BUILD)/fuzz_http: $(WEB_PAGE_OBJ:$(BUILD)/%=$(FUZZ_BUILD)/%)

fuzz-replay: $(REPLAYS) $(BIN)
	@set -e; for f in $(FUZZERS); do KPISTAT=$(CURDIR)/$(BIN) \
	    $(BUILD)/fuzz_$${f}_replay tests/fuzz/corpus/$$f tests/fuzz/regress/$$f; done

$(FUZZ_BUILD)/%.o: stat/%.c | $(BUILD)/.deps
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HDR) $(FUZZ_LIBOBJ)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz -g -O1 -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< \
	    tests/fuzz/fuzz_util.c $(FUZZ_LIBOBJ) $(filter %.o,$(filter-out $(FUZZ_LIBOBJ),$^)) \
	    $(LDLIBS)

FUZZ_PKGS = clang
fuzz: $(BIN)
	$(MAKE) BUILD=$(FUZZ_BUILD) DEB_PKGS="$(DEB_PKGS) $(FUZZ_PKGS)" deps
	$(MAKE) fuzz-build
	KPISTAT=$(CURDIR)/$(BIN) tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZERS)
fuzz-build: $(FUZZERS:%=$(FUZZ_BUILD)/fuzz_%)
.PHONY: fuzz fuzz-build fuzz-replay

# ---- I/O faults: kpistat with a VFS that fails the Nth write, sync or truncate (test only) ----
$(BUILD)/kpistat-faults: $(OBJ) tests/fault/faultvfs.c | $(BUILD)/.deps
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ tests/fault/faultvfs.c $(OBJ) $(LDLIBS)

# ---- Soak: kill -9 at 20 points of large imports (1M raw records, 400k figures) -------------
soak: $(BIN) $(BUILD)/events_gen
	KPISTAT=$(CURDIR)/$(BIN) EVENTS_GEN=$(BUILD)/events_gen KILL_POINTS=20 KILL_ROWS=1000000 \
	    KILL_CSV_ROWS=400000 bash tests/cli/test_kill.sh
.PHONY: soak

# ---- Coverage and memory ----------------------------------------------------------------------
#   make coverage   make check built with gcov (in build-cov/), then line and branch coverage per
#                   module (Debian's gcovr, installed like the other packages when missing)
#   make valgrind   a packet build and an events import under memcheck: no errors, no leaks
COV_PKGS = gcovr
# Atomic counters: `kpistat serve` runs a thread per connection, and racing counters made gcov
# report a branch "taken -1", which gcovr refuses.
coverage:
	$(MAKE) BUILD=build-cov DEB_PKGS="$(DEB_PKGS) $(COV_PKGS)" deps
	find build-cov -name '*.gcda' -delete 2>/dev/null || true
	$(MAKE) BUILD=build-cov BIN=build-cov/kpistat CFLAGS="-O0 -g --coverage -fprofile-update=atomic" \
	    LDFLAGS="--coverage" WERROR="$(WERROR)" check
	@echo "== lines per module (stat/)"
	@gcovr --root . --filter 'stat/' --object-directory build-cov --txt 2>/dev/null
	@echo "== branches per module (stat/)"
	@gcovr --root . --filter 'stat/' --object-directory build-cov --txt --branches 2>/dev/null

VALGRIND = valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99
valgrind: $(BIN) $(BUILD)/events_gen
	$(MAKE) BUILD=$(BUILD)/vg DEB_PKGS="$(DEB_PKGS) valgrind" deps
	tests/valgrind.sh "$(VALGRIND)" ./$(BIN) $(BUILD)/events_gen
.PHONY: coverage valgrind
