# tracestat — plain GNU make.  See README.md for the two set-up commands.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
DATADIR ?= $(PREFIX)/share/tracestat
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
PKGS     = libcjson libRmath
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# librsvg and cairo render charts to PNG and PDF (src/write/plot_raster.c,
# the only file that includes them): their headers as system headers, so
# that our warnings stay about our code.  They are not linked: that file
# opens librsvg with dlopen() when a chart is rendered (-ldl for a glibc
# older than 2.34, where dlopen is not in libc itself).
RSVG_PKGS   = librsvg-2.0 cairo-pdf cairo-png
RSVG_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(RSVG_PKGS) 2>/dev/null))
CPPFLAGS_ALL = $(addprefix -I,$(STAGES:%=include/%)) -D_POSIX_C_SOURCE=200809L -DMATHLIB_STANDALONE $(PKG_CFLAGS) $(CPPFLAGS)
LIBS_ALL   = -lcsv $(PKG_LIBS) -ldl -lm -lpthread $(LIBS)

# Debian packages the build and the tests need.
DEB_PKGS = build-essential pkg-config libcsv-dev libcjson-dev r-mathlib libcmocka-dev librsvg2-dev gettext
# Tests only: every package whose programs the tests run, from
# tests/tools.txt (the CLI cases run with a PATH of only those programs).
TEST_DEB_PKGS := $(shell sed -e '/^\#/d' -e '/^[[:space:]]*$$/d' -e 's/[[:space:]].*//' tests/tools.txt)
DEB_PKGS += $(TEST_DEB_PKGS)

# The stages of the pipeline, in the order data flows (docs/architecture.md):
# each folder of src/ and include/ may use only those before it.
STAGES   = core store input passes stats report write cli
HEADERS  = $(wildcard include/*/*.h src/*/*.h)
LIB_SRC  = $(filter-out src/cli/main.c,$(foreach s,$(STAGES),$(wildcard src/$(s)/*.c)))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN      = $(if $(filter build,$(BUILD)),tracestat,$(BUILD)/tracestat)
# Translations (docs/i18n.md): po/LANG.po compiled into the build tree,
# where TRACESTAT_LOCALEDIR=$(BUILD)/locale finds them before `make install`.
LINGUAS  = es fr
MO       = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/tracestat.mo)
POT_SRC  = $(sort $(wildcard src/*/*.c include/*/*.h))

.PHONY: all deps demo test check asan clean install uninstall test-run bench bench-formats plot-png fuzz fuzz-run pot
all: $(BIN) $(MO)

$(BUILD)/%.o: src/%.c $(HEADERS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) -c -o $@ $<

$(BUILD)/write/plot_raster.o: CPPFLAGS_ALL += $(RSVG_CFLAGS)
$(BUILD)/cli/main.o: CPPFLAGS_ALL += -DTS_LOCALEDIR='"$(LOCALEDIR)"'

# The message template from the marked strings (_() and N_()); run
# `make pot` after changing a message, then update po/*.po (msgmerge).
# The usage texts of the commands in HELP_SRC are char arrays, which
# xgettext cannot see through: awk copies them into a file of N_() calls.
POT ?= po/tracestat.pot
HELP_SRC = src/cli/dispatch.c $(sort $(wildcard src/cli/cmd_*.c))
pot:
	@mkdir -p $(BUILD)/po
	awk '/^static const char (usage|after)_[a-z_]+\[\] =$$/ { on = 1; print "N_("; next } \
	  on && /;$$/ { sub(/;$$/, ""); print; print ")"; on = 0; next } on { print }' \
	  $(HELP_SRC) > $(BUILD)/po/help.c
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	  --add-comments=TRANSLATORS: --package-name=tracestat --no-location \
	  --sort-output -o $(POT) $(POT_SRC) $(BUILD)/po/help.c

$(BUILD)/locale/%/LC_MESSAGES/tracestat.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/libtracestat.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/cli/main.o $(BUILD)/libtracestat.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtracestat.a $(HEADERS) | $(BUILD)
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

# The whole suite: unit tests (with the fuzz corpus replay), then the CLI
# cases against the real binary.
test-run: $(BIN) $(MO) $(UNIT_BIN) $(BUILD)/tests/fuzz_replay
	@TRACESTAT=$(BIN) BUILD=$(BUILD) UNIT_BINS="$(UNIT_BIN) $(BUILD)/tests/fuzz_replay" bash tests/run.sh

# Fuzzing (docs/security.md).  The targets in fuzz/fuzz_*.c run under
# libFuzzer with `make fuzz` (clang only, so its packages are not in
# DEB_PKGS) and, for every file in fuzz/corpus/TARGET/, under the normal
# compiler in the test run through fuzz/replay.c.
FUZZ_DEB_PKGS = clang-14 libclang-rt-14-dev
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_TARGETS  = csv count period fields json encoding claim csvscan jsonscan
FUZZ_COMMON   = fuzz/fuzz_util.c fuzz/pipeline.c
FUZZ_SRC      = $(FUZZ_TARGETS:%=fuzz/fuzz_%.c) $(FUZZ_COMMON)
FUZZ_HDR      = $(wildcard fuzz/*.h)

$(BUILD)/tests/fuzz_replay: fuzz/replay.c $(FUZZ_SRC) $(FUZZ_HDR) $(BUILD)/libtracestat.a $(HEADERS) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS_ALL) -Ifuzz $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ fuzz/replay.c $(FUZZ_SRC) \
	  $(BUILD)/libtracestat.a -lcmocka $(LIBS_ALL)

$(BUILD)/fuzz-%: fuzz/fuzz_%.c fuzz/libfuzzer.c $(FUZZ_COMMON) $(FUZZ_HDR) $(BUILD)/libtracestat.a
	$(CC) $(CPPFLAGS_ALL) -Ifuzz $(WARN) $(CFLAGS) -fsanitize=fuzzer -DTS_FUZZ_TARGET=ts_fuzz_$* \
	  -o $@ fuzz/libfuzzer.c $(FUZZ_COMMON) $< $(BUILD)/libtracestat.a $(LIBS_ALL)

# make fuzz FUZZ_SECONDS=N: each target N seconds on one core, starting from
# the saved corpus; new inputs go to build-fuzz/corpus/TARGET, crashes to
# build-fuzz/crash-TARGET-*.  A crash stops the run (exit status 1).
fuzz:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(FUZZ_DEB_PKGS)"
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) \
	  CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" fuzz-run

fuzz-run: $(FUZZ_TARGETS:%=$(BUILD)/fuzz-%)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD)/corpus/$$t; \
	  echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
	  ./$(BUILD)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/crash-$$t- $(BUILD)/corpus/$$t fuzz/corpus/$$t \
	    > $(BUILD)/fuzz-$$t.log 2>&1; rc=$$?; \
	  grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|ERROR|SUMMARY|invariant|Test unit written' \
	    $(BUILD)/fuzz-$$t.log; \
	  echo "fuzz $$t: corpus $$(ls $(BUILD)/corpus/$$t | wc -l) files"; \
	  [ $$rc -eq 0 ] || exit 1; \
	done

asan: deps
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" test-run

# Side by side with the peer tools (bench/README.md says how to install
# them): the generated files go in BENCH_DIR (about 12 GB with the 30M
# file); every tool runs BENCH_RUNS times on each, alternating.  `make
# bench` runs every job, then judges the targets; `make bench-JOB` runs one
# job alone and judges its targets (JOB is one of BENCH_JOBS).
BENCH_DIR  ?= /tmp/tsbench
BENCH_RUNS ?= 5
BENCH_SLOW ?= 15
BENCH_JOBS = counts cases cases10m keys json ndjson cp1252 utf16 convert scale cpu
.PHONY: $(addprefix bench-,$(BENCH_JOBS))
# The bare single-pass loop the CPU per row is held against (issue 21).
FAST_COUNT ?= $(firstword $(wildcard ../shared/bench/fast_count.c /work/shared/bench/fast_count.c))
BENCH_RUN = /usr/bin/python3 bench/run.py --runs $(BENCH_RUNS) --slow $(BENCH_SLOW) \
  --tracestat $(BIN)
# The 30M file (about 2.9 GB) is made only when the disk has room for it
# and 1 GB more; the scale job says "skipped: no space" otherwise.
BENCH_30M_KB = 4000000

$(BUILD)/bench-gen: bench/gen.c | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<

$(BUILD)/fast_count: $(FAST_COUNT) | $(BUILD)
	$(CC) -O2 -o $@ $<

# The generator is order-only: rebuilding it (a fresh build directory)
# does not rewrite a gigabyte of files that would come out the same.
# ROWS of a name: 1m -> 1000000, 10m -> 10000000, 30m -> 30000000.
bench_rows = $(subst m,000000,$(1))

$(BENCH_DIR)/counts_%.csv: | $(BUILD)/bench-gen
	@mkdir -p $(BENCH_DIR)
	$(BUILD)/bench-gen counts $(call bench_rows,$*) > $@.tmp && mv $@.tmp $@

$(BENCH_DIR)/keys_1m.csv: | $(BUILD)/bench-gen
	@mkdir -p $(BENCH_DIR)
	$(BUILD)/bench-gen keys 1000000 > $@.tmp && mv $@.tmp $@

$(BENCH_DIR)/cases_1m_cp1252.csv: $(BENCH_DIR)/cases_1m.csv
	iconv -f UTF-8 -t WINDOWS-1252 < $< > $@.tmp && mv $@.tmp $@

$(BENCH_DIR)/cases_1m_utf16.csv: $(BENCH_DIR)/cases_1m.csv
	{ printf '\377\376' && iconv -f UTF-8 -t UTF-16LE < $<; } > $@.tmp && mv $@.tmp $@

$(BENCH_DIR)/cases_%.json: | $(BUILD)/bench-gen
	@mkdir -p $(BENCH_DIR)
	$(BUILD)/bench-gen cases-json $(call bench_rows,$*) > $@.tmp && mv $@.tmp $@

$(BENCH_DIR)/cases_%.ndjson: | $(BUILD)/bench-gen
	@mkdir -p $(BENCH_DIR)
	$(BUILD)/bench-gen cases-ndjson $(call bench_rows,$*) > $@.tmp && mv $@.tmp $@

$(BENCH_DIR)/cases_30m.csv: | $(BUILD)/bench-gen
	@mkdir -p $(BENCH_DIR)
	@if [ "$$(df -Pk $(BENCH_DIR) | awk 'NR == 2 { print $$4 }')" -ge $(BENCH_30M_KB) ]; then \
	  echo "$(BUILD)/bench-gen cases 30000000 > $@"; \
	  $(BUILD)/bench-gen cases 30000000 > $@.tmp && mv $@.tmp $@; \
	else echo "$@: skipped: no space (needs $(BENCH_30M_KB) KB free)"; fi

$(BENCH_DIR)/cases_%.csv: | $(BUILD)/bench-gen
	@mkdir -p $(BENCH_DIR)
	$(BUILD)/bench-gen cases $(call bench_rows,$*) > $@.tmp && mv $@.tmp $@

# Each job: its files, then the run.  The figures go to
# BENCH_DIR/figures/JOB.json, which bench/targets.py reads.
bench-counts: $(BENCH_DIR)/counts_1m.csv
bench-cases: $(BENCH_DIR)/cases_1m.csv
bench-cases10m: $(BENCH_DIR)/cases_10m.csv
bench-keys: $(BENCH_DIR)/keys_1m.csv
bench-json: $(BENCH_DIR)/cases_10m.json
bench-ndjson: $(BENCH_DIR)/cases_10m.ndjson
bench-cp1252: $(BENCH_DIR)/cases_1m_cp1252.csv $(BENCH_DIR)/cases_1m.csv
bench-utf16: $(BENCH_DIR)/cases_1m_utf16.csv $(BENCH_DIR)/cases_1m.csv
bench-convert: $(BENCH_DIR)/cases_10m.csv
bench-scale: $(BENCH_DIR)/cases_30m.csv $(BENCH_DIR)/cases_10m.csv
bench-cpu: $(BENCH_DIR)/cases_1m.csv $(if $(FAST_COUNT),$(BUILD)/fast_count)

bench_job_counts   = counts $(BENCH_DIR)/counts_1m.csv
bench_job_cases    = cases $(BENCH_DIR)/cases_1m.csv
bench_job_cases10m = cases $(BENCH_DIR)/cases_10m.csv
bench_job_keys     = keys $(BENCH_DIR)/keys_1m.csv
bench_job_json     = json $(BENCH_DIR)/cases_10m.json
bench_job_ndjson   = ndjson $(BENCH_DIR)/cases_10m.ndjson
bench_job_cp1252   = --utf8 $(BENCH_DIR)/cases_1m.csv cp1252 $(BENCH_DIR)/cases_1m_cp1252.csv
bench_job_utf16    = --utf8 $(BENCH_DIR)/cases_1m.csv utf16 $(BENCH_DIR)/cases_1m_utf16.csv
bench_job_convert  = convert $(BENCH_DIR)/cases_10m.csv
bench_job_scale    = --ref $(BENCH_DIR)/cases_10m.csv scale $(BENCH_DIR)/cases_30m.csv
bench_job_cpu      = $(if $(FAST_COUNT),--bare $(BUILD)/fast_count) cpu $(BENCH_DIR)/cases_1m.csv

$(addprefix bench-,$(BENCH_JOBS)): bench-%: $(BIN)
	@mkdir -p $(BENCH_DIR)/figures
	@echo "== $* (load average: $$(cut -d' ' -f1-3 /proc/loadavg))"; \
	$(BENCH_RUN) --save $(BENCH_DIR)/figures/$*.json $(bench_job_$*); st=$$?; \
	[ -n "$(BENCH_ALL)" ] && exit $$st; \
	echo "targets (load average: $$(cut -d' ' -f1-3 /proc/loadavg)):"; \
	/usr/bin/python3 bench/targets.py --job $* $(BENCH_DIR)/figures || st=1; exit $$st

bench: $(BIN)
	@nproc | sed 's/^/cores: /'; grep -m1 'model name' /proc/cpuinfo || true
	@st=0; for job in $(BENCH_JOBS); do \
	  $(MAKE) --no-print-directory BENCH_ALL=1 bench-$$job || st=1; echo; \
	done; echo "targets (load average: $$(cut -d' ' -f1-3 /proc/loadavg)):"; \
	/usr/bin/python3 bench/targets.py $(BENCH_DIR)/figures || st=1; exit $$st

# tracestat alone on the 1M case list in every input shape, and grouped
# by its case ids (bench/formats.py writes the copies it lacks).
bench-formats: $(BIN) $(BENCH_DIR)/cases_1m.csv
	/usr/bin/python3 bench/formats.py --runs $(BENCH_RUNS) --tracestat $(BIN) --keys \
	  $(BENCH_DIR)/cases_1m.csv

install: $(BIN) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/tracestat
	install -m 644 tracestat.1 $(DESTDIR)$(MANDIR)/man1/tracestat.1
	install -m 644 completions/tracestat.bash $(DESTDIR)$(BASHCOMPDIR)/tracestat
	install -m 644 completions/_tracestat $(DESTDIR)$(ZSHCOMPDIR)/_tracestat
	install -d $(DESTDIR)$(DATADIR)/examples
	install -m 755 examples/monthly-summary.sh $(DESTDIR)$(DATADIR)/examples/monthly-summary.sh
	install -m 644 docs/tracestat.report.schema.json $(DESTDIR)$(DATADIR)/tracestat.report.schema.json
	for l in $(LINGUAS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES $(DESTDIR)$(MANDIR)/$$l/man1 && \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/tracestat.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/tracestat.mo && \
	  install -m 644 tracestat.$$l.1 $(DESTDIR)$(MANDIR)/$$l/man1/tracestat.1 || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tracestat $(DESTDIR)$(MANDIR)/man1/tracestat.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/tracestat $(DESTDIR)$(ZSHCOMPDIR)/_tracestat \
	  $(DESTDIR)$(DATADIR)/examples/monthly-summary.sh \
	  $(DESTDIR)$(DATADIR)/tracestat.report.schema.json \
	  $(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/tracestat.mo) \
	  $(LINGUAS:%=$(DESTDIR)$(MANDIR)/%/man1/tracestat.1)

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
	rm -rf build build-asan build-fuzz tracestat
