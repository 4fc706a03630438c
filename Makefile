# diplomat — build, test and demo on Debian 12.
#   make demo   installs missing Debian packages, builds, runs the main example
#   make test   the same, then every spec
#   make asan   builds with AddressSanitizer + UBSan and runs every spec

LUA      ?= lua5.4
BUSTED   ?= /usr/bin/busted
CC       ?= cc
PKG      := lua5.4 igraph libcjson libxml-2.0
DEBS     := lua5.4 liblua5.4-dev libigraph-dev libcjson-dev libxml2-dev \
            lua-busted luarocks pkg-config gcc libc6-dev make
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -pedantic -Wshadow -Wmissing-prototypes \
            -Wstrict-prototypes -Wpointer-arith
DEFS     := -D_POSIX_C_SOURCE=200809L
SRC      := $(wildcard csrc/*.c)
HDR      := $(wildcard csrc/*.h)
# the module is not linked against liblua: the host provides it
# -pthread: errors.c serialises every igraph call with a process-wide mutex
PKGCFLAGS = $(shell pkg-config --cflags $(PKG)) -pthread
# libxml2: GraphML and GEXF are written through its xmlTextWriter
PKGLIBS   = $(shell pkg-config --libs igraph libcjson libxml-2.0) -pthread
SO       := build/diplomat/core.so
STATES   := build/states
ASAN_SO  := build-asan/diplomat/core.so
ASAN_RT   = $(shell $(CC) -print-file-name=libasan.so)
# libgomp (pulled in by igraph) allocates 8 bytes once when loaded and is
# unloaded with the module at lua_close, so LSan cannot attribute that
# block; preloading keeps it mapped and its allocation reachable.
GOMP_RT   = $(shell $(CC) -print-file-name=libgomp.so.1)
# The same for igraph: reading GraphML with entity declarations leaves one
# 100-byte block of libxml2 (xmlParseEntityValue) that igraph's static
# state still points to, once per process (not per call).
IGRAPH_RT = $(shell $(CC) -print-file-name=libigraph.so.3)
BUSTED_FLAGS ?=
LUA_ENV  := LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;'

.PHONY: all deps build demo test asan install clean

all: build

deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing \
	  || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; }; \
	else \
	  echo "make deps: missing Debian packages:$$missing"; \
	  echo "run:  sudo apt-get install -y$$missing"; exit 1; \
	fi

build: deps $(SO)

# a C host running several lua_States side by side (spec/embedding_spec.lua)
$(STATES): spec/hosts/states.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(DEFS) $(shell pkg-config --cflags lua5.4) \
	  $< -o $@ $(shell pkg-config --libs lua5.4)

# link(2) made to fail or to meet a file that appears just before it, for
# child processes of spec/replace_spec.lua (spec/hosts/linkshim.c)
LINKSHIM := build/linkshim.so
$(LINKSHIM): spec/hosts/linkshim.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -fPIC -shared $< -o $@ -ldl

# several lua_States on several threads (spec/hosts/threads.c): through
# require (dlopen), and with the module compiled into the host (static)
THREADS        := build/threads
THREADS_STATIC := build/threads-static
TSAN_THREADS   := build-tsan/threads
LUACFLAGS       = $(shell pkg-config --cflags lua5.4)
LUALIBS         = $(shell pkg-config --libs lua5.4)

$(THREADS): spec/hosts/threads.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(DEFS) -pthread $(LUACFLAGS) $< -o $@ \
	  $(LUALIBS) -pthread

$(THREADS_STATIC): spec/hosts/threads.c $(SRC) $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(DEFS) -DDIP_STATIC $(PKGCFLAGS) \
	  $< $(SRC) -o $@ $(LUALIBS) $(PKGLIBS) -lm

# make tsan: the static host under ThreadSanitizer, 8 threads x 4 rounds.
# TSan sees the module's memory accesses; igraph, cJSON and liblua are
# not instrumented, so a race inside them shows only as a wrong answer
# (which the host also checks).
TSAN_RUN ?= 8 4
$(TSAN_THREADS): spec/hosts/threads.c $(SRC) $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(CC) -O1 -g -fno-omit-frame-pointer -fsanitize=thread $(WARN) $(DEFS) \
	  -DDIP_STATIC $(PKGCFLAGS) $< $(SRC) -o $@ $(LUALIBS) $(PKGLIBS) -lm

.PHONY: tsan
tsan: deps $(TSAN_THREADS)
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
	  LUA_PATH='lua/?.lua;lua/?/init.lua;;' \
	  $(TSAN_THREADS) examples/data/northvale.json $(TSAN_RUN)

# allocation failure swept over k (spec/hosts/oom.c): the module's objects
# linked into the host with malloc & co. wrapped, under ASan
OOM        := build-asan/oom
OOM_WRAP   := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup
$(OOM): spec/hosts/oom.c $(SRC) $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(CC) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	  -fno-sanitize-recover=undefined $(WARN) $(DEFS) $(PKGCFLAGS) \
	  $< $(SRC) -o $@ $(OOM_WRAP) $(LUALIBS) $(PKGLIBS) -lm

# make oom: the full sweep (every k, every operation)
.PHONY: oom
oom: deps $(OOM)
	ASAN_OPTIONS=detect_leaks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan.supp \
	  LUA_PATH='lua/?.lua;lua/?/init.lua;;' \
	  $(OOM) examples/data/northvale.json 1

$(SO): $(SRC) $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(DEFS) -fPIC -shared -fvisibility=hidden \
	  $(PKGCFLAGS) $(SRC) -o $@ $(PKGLIBS)

demo: build
	$(LUA_ENV) $(LUA) examples/northvale.lua examples/data/northvale.json \
	  $(CURDIR)/northvale-report.html

# {====== The report in a real browser (spec/report_browser_spec.lua) ======
# make deps-browser  installs Debian's chromium when it is missing (only
#                    the browser check needs it; make deps stays without)
# make report-shot   writes northvale-report.html and a PNG screenshot of
#                    its first SHOT_HEIGHT pixels, northvale-report.png
CHROMIUM     ?= chromium
SHOT_WIDTH   ?= 1280
SHOT_HEIGHT  ?= 3000
CHROME_FLAGS := --headless --no-sandbox --disable-gpu --no-first-run \
                --disable-background-networking --disable-component-update \
                --disable-sync --hide-scrollbars

.PHONY: deps-browser report-shot

deps-browser:
	@if command -v $(CHROMIUM) >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps-browser: installing chromium"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
	  || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }; \
	else \
	  echo "make deps-browser: chromium is missing"; \
	  echo "run:  sudo apt-get install -y chromium"; exit 1; \
	fi

SHOT_LUA      = local d = require "diplomat"; \
  assert(d.report.save(assert(d.load("examples/data/northvale.json")), \
  "$(CURDIR)/northvale-report.html"))

report-shot: build deps-browser
	$(LUA_ENV) $(LUA) -e '$(SHOT_LUA)'
	@profile=$$(mktemp -d); \
	$(CHROMIUM) $(CHROME_FLAGS) --user-data-dir="$$profile" \
	  --window-size=$(SHOT_WIDTH),$(SHOT_HEIGHT) \
	  --screenshot="$(CURDIR)/northvale-report.png" \
	  "file://$(CURDIR)/northvale-report.html" >/dev/null 2>&1; \
	status=$$?; rm -rf "$$profile"; \
	if [ $$status -ne 0 ] || [ ! -s "$(CURDIR)/northvale-report.png" ]; then \
	  echo "make report-shot: chromium failed ($$status)"; exit 1; fi; \
	echo "make report-shot: wrote $(CURDIR)/northvale-report.png"
# }======

test: build $(STATES) $(THREADS) $(THREADS_STATIC) $(OOM) $(LINKSHIM)
	$(LUA_ENV) $(LUA) $(BUSTED) $(BUSTED_FLAGS)

# The sanitizer build runs the specs in the stock lua5.4 with the ASan
# runtime preloaded (lua5.4 itself is not instrumented; the module is).
$(ASAN_SO): $(SRC) $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(CC) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	  -fno-sanitize-recover=undefined $(WARN) $(DEFS) -fPIC -shared \
	  -fvisibility=hidden \
	  $(PKGCFLAGS) $(SRC) -o $@ $(PKGLIBS)

asan: deps $(ASAN_SO) $(STATES) $(THREADS) $(THREADS_STATIC) $(OOM) \
      $(LINKSHIM)
	LD_PRELOAD="$(ASAN_RT) $(GOMP_RT) $(IGRAPH_RT)" ASAN_OPTIONS=detect_leaks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build-asan/?.so;;' \
	  DIPLOMAT_ASAN=1 $(LUA) $(BUSTED) $(BUSTED_FLAGS)

install: build
	luarocks --lua-version 5.4 make rockspec/diplomat-scm-1.rockspec

# {====== Fuzzing: libFuzzer harnesses in fuzz/ (fuzz/RESULTS.md) ======
# make fuzz      runs each harness FUZZ_SECONDS (make -j2 fuzz: in parallel)
#                on fuzz/corpus/<target> plus a working corpus in
#                build-fuzz/corpus/<target>; crashes go to build-fuzz/artifacts
# make fuzz-ci   runs all harnesses for FUZZ_CI_TOTAL seconds in all, with a
#                fixed seed, on a throw-away corpus (CI)
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
# e.g. FUZZ_MAX_LEN=4096: more runs per second (larger seeds are cut)
FUZZ_MAX_LEN ?=
FUZZ_CI_TOTAL ?= 60
FUZZ_DEBS    := clang libclang-rt-14-dev
FUZZ_DIR     := build-fuzz
FUZZ_CFLAGS  := -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# each harness links the C files it needs (none of them calls Lua)
FUZZ_SRC_json := csrc/json.c csrc/jsonwrite.c csrc/textbuf.c csrc/system.c csrc/index.c \
                 csrc/problems.c csrc/graph.c
FUZZ_SRC_csv := csrc/csv.c csrc/csvmap.c csrc/csvwrite.c csrc/export.c \
                csrc/xmlwrite.c $(FUZZ_SRC_json)
FUZZ_SRC_graphml := csrc/graphml.c csrc/csv.c csrc/export.c csrc/xmlwrite.c \
                    $(FUZZ_SRC_json)
FUZZ_TARGETS := json csv graphml
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz-%)
# -timeout: one input taking this long is a hang; -rss_limit_mb: memory
FUZZ_RUN     := -timeout=20 -rss_limit_mb=2048 -print_final_stats=1

.PHONY: deps-fuzz fuzz fuzz-ci $(FUZZ_TARGETS:%=fuzz-run-%)

deps-fuzz:
	@$(MAKE) --no-print-directory deps DEBS="$(FUZZ_DEBS)"

.SECONDEXPANSION:
$(FUZZ_DIR)/fuzz-%: fuzz/%.c $$(FUZZ_SRC_$$*) $(HDR) Makefile
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(WARN) $(DEFS) $(PKGCFLAGS) \
	  $< $(FUZZ_SRC_$*) -o $@ $(PKGLIBS) -lm

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)

$(FUZZ_TARGETS:%=fuzz-run-%): fuzz-run-%: deps-fuzz $(FUZZ_DIR)/fuzz-%
	@mkdir -p $(FUZZ_DIR)/corpus/$* $(FUZZ_DIR)/artifacts
	$(FUZZ_DIR)/fuzz-$* $(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS) \
	  $(if $(FUZZ_MAX_LEN),-max_len=$(FUZZ_MAX_LEN)) \
	  $(if $(wildcard fuzz/$*.dict),-dict=fuzz/$*.dict) \
	  -artifact_prefix=$(FUZZ_DIR)/artifacts/$*- \
	  $(FUZZ_DIR)/corpus/$* fuzz/corpus/$*

# Fails only when a harness finds a crash, leak, hang or UB: libFuzzer
# exits 0 when its time is up.  The crashing input stays in
# build-fuzz/artifacts/ci-<target>-*.
fuzz-ci: deps-fuzz $(FUZZ_BINS)
	@mkdir -p $(FUZZ_DIR)/artifacts; \
	secs=$$(( $(FUZZ_CI_TOTAL) / $(words $(FUZZ_TARGETS)) )); \
	tmp=$$(mktemp -d); status=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $$tmp/$$t; \
	  echo "make fuzz-ci: $$t for $$secs s"; \
	  dict=; [ -f fuzz/$$t.dict ] && dict=-dict=fuzz/$$t.dict; \
	  $(FUZZ_DIR)/fuzz-$$t $(FUZZ_RUN) -seed=1 -max_total_time=$$secs \
	    $$dict -artifact_prefix=$(FUZZ_DIR)/artifacts/ci-$$t- \
	    $$tmp/$$t fuzz/corpus/$$t >$$tmp/$$t.log 2>&1 \
	  || { status=1; cat $$tmp/$$t.log; \
	       echo "make fuzz-ci: $$t failed (input in $(FUZZ_DIR)/artifacts)"; }; \
	  grep -E '^(stat::number_of_executed_units|Done)' $$tmp/$$t.log; \
	done; \
	rm -rf $$tmp; exit $$status

# }======

# {====== Benchmarks: bench/run.lua writes bench/RESULTS.md ======
# make bench        1k, 10k and 100k actors (1M ties), every tool side by
#                   side; takes most of an hour
# make bench-quick  the smallest size only, under a minute: a quick check
#                   that nothing regressed (build/bench/RESULTS-quick.md)
# Benchmarks are not tests: make test and CI never run them.
BENCH_DIR  := build/bench
BENCH_DEBS := python3-igraph python3-networkx python3-scipy hyperfine
BENCH_ENV  := LUA_PATH='lua/?.lua;lua/?/init.lua;bench/?.lua;;' \
              LUA_CPATH='build/?.so;$(BENCH_DIR)/?.so;;'
BENCH_BINS := $(BENCH_DIR)/benchclock.so $(BENCH_DIR)/net_igraph \
              $(BENCH_DIR)/json_cjson

.PHONY: deps-bench bench bench-quick

deps-bench:
	@$(MAKE) --no-print-directory deps DEBS="$(BENCH_DEBS)"

$(BENCH_DIR)/benchclock.so: bench/benchclock.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEFS) -fPIC -shared \
	  $(shell pkg-config --cflags lua5.4) $< -o $@

$(BENCH_DIR)/net_igraph: bench/net_igraph.c bench/timing.h Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(DEFS) $(shell pkg-config --cflags igraph) \
	  $< -o $@ $(shell pkg-config --libs igraph) -lm

$(BENCH_DIR)/json_cjson: bench/json_cjson.c bench/timing.h Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $(DEFS) $(shell pkg-config --cflags libcjson) \
	  $< -o $@ $(shell pkg-config --libs libcjson)

bench: build deps-bench $(BENCH_BINS)
	$(BENCH_ENV) $(LUA) bench/run.lua

bench-quick: build deps-bench $(BENCH_BINS)
	$(BENCH_ENV) $(LUA) bench/run.lua --quick

# }======

clean:
	rm -rf build build-asan build-fuzz build-tsan
