# descent: make optimization visible.
#   make run     install what is missing, build, open the explorer
#   make check   install what is missing, build, run every test
#   make bench   print the speed figures
#   make fuzz    run each libFuzzer harness FUZZ_SECONDS (60); fuzz-smoke: 5 s each
#   make memcheck  valgrind over the headless commands
#   make cifar10 download CIFAR-10 (md5-checked) into data/cifar-10-batches-bin
#   make install [PREFIX=/usr/local] [DESTDIR=]
# User CFLAGS/LDFLAGS are appended to ours; SAN=1 builds with ASan+UBSan.

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=
PKG_CONFIG ?= pkg-config
CC        ?= cc
INSTALL   ?= install

# Debian packages a fresh machine needs (make deps installs the missing ones).
DEB_PKGS = build-essential pkg-config libncurses-dev libgsl-dev libopenblas-dev \
           zlib1g-dev libcmocka-dev tmux strace ncurses-term dataset-fashion-mnist liblbfgs-dev \
           python3-numpy

ifeq ($(SAN),1)
BUILD     ?= build-san
SANFLAGS   = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT        = -O1
else
BUILD     ?= build
SANFLAGS   =
OPT        = -O2
endif

PKGS       = ncursesw gsl openblas zlib liblbfgs
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# GSL's own .pc names its reference CBLAS; we link OpenBLAS as the CBLAS instead.
PKG_LIBS   = $(filter-out -lgslcblas,$(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null))
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# A missing prototype or a pointer squeezed into an int is an error, never a
# warning: an undeclared openblas_get_corename() compiled as returning int
# truncated its pointer and crashed (issue 11).
WARN       = -Wall -Wextra -Wshadow -Werror=implicit-function-declaration -Werror=int-conversion
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -DDESCENT_VERSION='"$(VERSION)"' \
             -DDESCENT_DATADIR='"$(DATADIR)/descent"' \
             $(WARN) $(OPT) -g -pthread -MMD -MP $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pthread $(SANFLAGS) $(LDFLAGS)
ALL_LIBS   = $(PKG_LIBS) -lm $(LIBS)

SRC       := $(sort $(wildcard src/*/*.c))
LIB_SRC   := $(filter-out src/cli/main.c,$(SRC))
OBJ        = $(SRC:%.c=$(BUILD)/%.o)
LIB_OBJ    = $(LIB_SRC:%.c=$(BUILD)/%.o)
BIN        = $(BUILD)/descent

TEST_SRC  := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN   = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

SCENEDIR   = $(DATADIR)/descent/scenes
COMPDIR    = $(DATADIR)/bash-completion/completions
SCENES    := $(wildcard scenes/*.scene)

.PHONY: need-cmocka all run check test deps bench memcheck install uninstall clean man cifar10 fuzz fuzz-smoke fuzz-bins

all: $(BIN)

# V=1 shows the full commands.
Q = $(if $(V),,@)

# Nothing is compiled until pkg-config resolves every library: without their
# flags a source would compile against whatever headers lie about (Debian's
# reference cblas.h) and stay stale after make deps. $(call need_libs,PKGS)
# names the missing ones (and their Debian packages) on one line and fails.
deb_of = case $$1 in ncursesw) echo libncurses-dev ;; gsl) echo libgsl-dev ;; \
	openblas) echo libopenblas-dev ;; zlib) echo zlib1g-dev ;; liblbfgs) echo liblbfgs-dev ;; \
	cmocka) echo libcmocka-dev ;; \
	*) echo "$$1" ;; esac
need_libs = \
	if ! command -v $(PKG_CONFIG) >/dev/null 2>&1; then \
	    echo "descent: cannot build: $(PKG_CONFIG) is not installed; run make deps" \
	        "(make run and make check install what is missing)" >&2; exit 1; fi; \
	missing=; debs=; for p in $(1); do \
	    $(PKG_CONFIG) --exists $$p 2>/dev/null && continue; \
	    missing="$$missing $$p"; debs="$$debs $$(set -- $$p; $(deb_of))"; done; \
	if [ -n "$$missing" ]; then \
	    echo "descent: cannot build: $(PKG_CONFIG) cannot find$$missing (Debian:$$debs);" \
	        "run make deps (make run and make check install what is missing)" >&2; exit 1; fi

# Every object depends on this stamp, which holds the compiler and its flags
# and is rewritten only when they change (as redis's .make-settings is): a
# changed CFLAGS, SAN or library flag rebuilds everything.
sq = $(subst ','\'',$(1))
FLAGS_NOW = $(CC) $(ALL_CFLAGS) | $(ALL_LDFLAGS) $(ALL_LIBS)
$(BUILD)/flags: FORCE
	@$(call need_libs,$(PKGS))
	@mkdir -p $(@D)
	@printf '%s\n' '$(call sq,$(FLAGS_NOW))' >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

need-cmocka:
	@$(call need_libs,cmocka)

$(BUILD)/%.o: %.c $(BUILD)/flags
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC  $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

# The optimizers' square roots are of sums of squares, never negative: with
# no errno to set for them GCC turns them into vector instructions (the
# same bits). private: the flags file, a prerequisite, keeps the others'.
$(BUILD)/src/core/optim.o: private ALL_CFLAGS += -fno-math-errno

$(BIN): $(OBJ) $(BUILD)/flags
	@$(if $(Q),echo "  LD  $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(OBJ) $(ALL_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) $(BUILD)/flags | need-cmocka
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC  $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Isrc -MF $@.d $(ALL_LDFLAGS) -o $@ $< \
	    $(LIB_OBJ) $(CMOCKA_LIBS) $(ALL_LIBS)

# Installs the Debian packages of a list that dpkg reports missing, with sudo
# when not root: $(call install_missing,PACKAGES).
install_missing = \
	if ! command -v dpkg-query >/dev/null 2>&1; then \
	    echo "deps: not a Debian system; install: $(1)"; exit 0; fi; \
	missing=; for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	    echo "deps: installing$$missing"; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

deps:
	@$(call install_missing,$(DEB_PKGS))

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) $(ARGS)

# Every test, then every test again under AddressSanitizer and UBSan.
check: deps
	@$(MAKE) --no-print-directory test
	@echo "== the same tests under ASan + UBSan (SAN=1, in build-san/)"
	@$(MAKE) --no-print-directory SAN=1 test

test: $(BIN) $(TEST_BIN)
	@BUILD=$(BUILD) sh tests/run.sh

# What make bench needs beyond make check: numpy, the reference the feature
# extraction is timed against.
BENCH_PKGS = python3-numpy

# The sgemm floors of the net's step (tests/bench/mlp.sh) and of tune's shared
# pass (tests/bench/tune.sh): their products alone, on descent's OpenBLAS and
# two-thread team; and the fp32 peak the net's figures are a fraction of.
BENCH_BIN = $(BUILD)/bench/sgemm_floor $(BUILD)/bench/tune_floor $(BUILD)/bench/fma_peak

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/src/core/team.o $(BUILD)/flags
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC  $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -MF $@.d $(ALL_LDFLAGS) -o $@ $< $(BUILD)/src/core/team.o \
	    $(ALL_LIBS)

bench: $(BIN) $(BENCH_BIN)
	@$(call install_missing,$(BENCH_PKGS))
	@BUILD=$(BUILD) sh tests/bench.sh

memcheck: $(BIN)
	@BUILD=$(BUILD) sh tests/memcheck.sh

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang into build-fuzz/
# and run for FUZZ_SECONDS each (fuzz-smoke: 5 s each).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN      = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%)
FUZZ_SAN      = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=undefined

# The fuzzers need clang and its libFuzzer runtime (Debian 12's names).
FUZZ_PKGS = clang libclang-rt-14-dev

fuzz fuzz-smoke:
	@$(call install_missing,$(FUZZ_PKGS))
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' | \
	    $(FUZZ_CC) -fsanitize=fuzzer,address -x c - -o /dev/null >/dev/null 2>&1 || { \
	    echo "$@: needs clang with libFuzzer;" \
	    "on Debian: sudo apt-get install clang libclang-rt-14-dev"; exit 1; }
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) OPT=-O1 SANFLAGS='$(FUZZ_SAN)' \
	    CFLAGS='-Wno-string-concatenation $(CFLAGS)' fuzz-bins
	@sh tests/fuzz/run.sh build-fuzz $(if $(filter fuzz-smoke,$@),5,$(FUZZ_SECONDS))

fuzz-bins: $(FUZZ_BIN)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_OBJ) $(BUILD)/flags
	@$(if $(Q),echo "  LD  $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -MF $@.d -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $< \
	    $(LIB_OBJ) $(ALL_LIBS)

# Downloads the official CIFAR-10 (binary layout) into data/, md5-checked.
cifar10:
	@sh src/data/get-cifar10.sh data

# The man page and the completion are filled in from the program's own
# option tables (docs/mkman.sh) and the install paths, afresh each time
# since the paths may differ from the last run.
$(BUILD)/descent.1: $(BIN) docs/descent.1.in docs/mkman.sh FORCE
	$(Q)sh docs/mkman.sh $(BIN) docs/descent.1.in $(VERSION) $(SCENEDIR) >$@.tmp && mv $@.tmp $@

$(BUILD)/descent.bash: docs/descent.bash-completion FORCE
	$(Q)sed 's|@SCENEDIR@|$(SCENEDIR)|' docs/descent.bash-completion >$@.tmp && mv $@.tmp $@

# docs/descent.1, the readable copy in the source, made the same way.
man: $(BUILD)/descent.1
	cp $(BUILD)/descent.1 docs/descent.1

install: $(BIN) $(BUILD)/descent.1 $(BUILD)/descent.bash
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(SCENEDIR) $(DESTDIR)$(COMPDIR)
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/descent
	$(INSTALL) -m 644 $(BUILD)/descent.1 $(DESTDIR)$(MANDIR)/man1/descent.1
	$(INSTALL) -m 644 $(BUILD)/descent.bash $(DESTDIR)$(COMPDIR)/descent
	$(if $(SCENES),$(INSTALL) -m 644 $(SCENES) $(DESTDIR)$(SCENEDIR)/)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/descent $(DESTDIR)$(MANDIR)/man1/descent.1 $(DESTDIR)$(COMPDIR)/descent
	rm -f $(addprefix $(DESTDIR)$(SCENEDIR)/,$(notdir $(SCENES)))
	-rmdir $(DESTDIR)$(SCENEDIR) $(DESTDIR)$(DATADIR)/descent 2>/dev/null

FORCE:

clean:
	rm -rf build build-san build-fuzz

-include $(OBJ:.o=.d) $(TEST_BIN:=.d)
