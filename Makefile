# tracestat — plain GNU make.  See README.md for the two set-up commands.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
PKGS     = libcjson libRmath
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS_ALL = -Iinclude -D_POSIX_C_SOURCE=200809L -DMATHLIB_STANDALONE $(PKG_CFLAGS) $(CPPFLAGS)
LIBS_ALL   = -lcsv $(PKG_LIBS) -lm -lpthread $(LIBS)

# Debian packages the build and the tests need.
DEB_PKGS = build-essential pkg-config libcsv-dev libcjson-dev r-mathlib libcmocka-dev
# Tests only: validating JSON reports against docs/tracestat.report.schema.json
# (run with /usr/bin/python3, Debian's, which is the one that sees it).
DEB_PKGS += python3-jsonschema
# Test-only: man page rendering (man-db, groff-base), SVG parsing
# (libxml2-utils), the report's figures to compare a chart with (jq), the
# zsh completion (zsh).
DEB_PKGS += man-db groff-base libxml2-utils jq zsh

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN      = $(if $(filter build,$(BUILD)),tracestat,$(BUILD)/tracestat)

.PHONY: all deps demo test check asan clean install uninstall test-run bench plot-png
all: $(BIN)

$(BUILD)/%.o: src/%.c $(wildcard include/*.h) | $(BUILD)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) -c -o $@ $<

$(BUILD)/libtracestat.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/main.o $(BUILD)/libtracestat.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtracestat.a $(wildcard include/*.h) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libtracestat.a -lcmocka $(LIBS_ALL)

$(BUILD):
	mkdir -p $(BUILD)

# Install what is missing; as root through apt-get, elsewhere print the command.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	else \
	  echo "tracestat needs:$$missing"; \
	  echo "run:  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	fi

demo: deps
	$(MAKE) all
	./tracestat report data/2014.csv

test: deps
	$(MAKE) test-run

check: test

# The whole suite: unit tests, then the CLI cases against the real binary.
test-run: $(BIN) $(UNIT_BIN)
	@TRACESTAT=$(BIN) UNIT_BINS="$(UNIT_BIN)" bash tests/run.sh

asan: deps
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" test-run

# Side by side with the peer tools (bench/README.md says how to install
# them): the generated files go in BENCH_DIR (about 1.2 GB); every tool runs
# BENCH_RUNS times on each, alternating.
BENCH_DIR  ?= /tmp/tsbench
BENCH_RUNS ?= 5
BENCH_FILES = $(BENCH_DIR)/counts_1m.csv $(BENCH_DIR)/cases_1m.csv $(BENCH_DIR)/cases_10m.csv

$(BUILD)/bench-gen: bench/gen.c | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<

$(BENCH_DIR)/counts_%.csv: $(BUILD)/bench-gen
	@mkdir -p $(BENCH_DIR)
	$(BUILD)/bench-gen counts $(if $(filter 1m,$*),1000000,10000000) > $@.tmp && mv $@.tmp $@

$(BENCH_DIR)/cases_%.csv: $(BUILD)/bench-gen
	@mkdir -p $(BENCH_DIR)
	$(BUILD)/bench-gen cases $(if $(filter 1m,$*),1000000,10000000) > $@.tmp && mv $@.tmp $@

bench: $(BIN) $(BENCH_FILES)
	@nproc | sed 's/^/cores: /'; grep -m1 'model name' /proc/cpuinfo || true
	@st=0; \
	for job in "counts counts_1m" "cases cases_1m" "cases cases_10m"; do \
	  set -- $$job; echo; \
	  /usr/bin/python3 bench/run.py --runs $(BENCH_RUNS) --tracestat $(BIN) $$1 $(BENCH_DIR)/$$2.csv || st=1; \
	done; exit $$st

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/tracestat
	install -m 644 tracestat.1 $(DESTDIR)$(MANDIR)/man1/tracestat.1
	install -m 644 completions/tracestat.bash $(DESTDIR)$(BASHCOMPDIR)/tracestat
	install -m 644 completions/_tracestat $(DESTDIR)$(ZSHCOMPDIR)/_tracestat

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tracestat $(DESTDIR)$(MANDIR)/man1/tracestat.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/tracestat $(DESTDIR)$(ZSHCOMPDIR)/_tracestat

# A PNG of a chart for a human look, through headless Chromium:
#   make plot-png SVG=tip.svg   (default: the TIP table, into build/)
SVG ?= $(BUILD)/tip.svg
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
plot-png: $(BIN)
	@if [ -z "$(CHROMIUM)" ]; then echo "plot-png needs Chromium: apt-get install chromium"; exit 1; fi
	@if [ "$(SVG)" = "$(BUILD)/tip.svg" ]; then \
	  ./$(BIN) plot --by year -o $(SVG) data/tip-global-law-enforcement.csv || exit 1; fi
	"$(CHROMIUM)" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	  --window-size=800,450 --screenshot="$(abspath $(SVG:.svg=.png))" \
	  "file://$(abspath $(SVG))" 2>/dev/null
	@echo "wrote $(SVG:.svg=.png)"

clean:
	rm -rf build build-asan tracestat
