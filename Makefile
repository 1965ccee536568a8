# rstate — the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
APT_PACKAGES := libhiredis-dev libreadline-dev libssl-dev zlib1g-dev pkg-config redis-server redis-tools
# The health tests validate JSON and Prometheus output with Debian's Python libraries; the TLS
# tests make their CA and certificates with openssl.
TEST_PACKAGES := python3-jsonschema python3-prometheus-client openssl
# The man page's date, pinned so regenerating it changes nothing unless the parser did.
MAN_DATE := 2026-11-22
RELEASE_BIN := .build/release/rstate
DEBUG_BIN := .build/debug/rstate

.PHONY: all deps build debug test demo install docs format lint bench fuzz clean

all: build

deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

# Release binary, linked fully statically (Swift runtime, hiredis, glibc): no dynamic loader
# work at start-up, half the page faults, and `rstate ping` faster than redis-cli (bench/).
# Symbols are stripped (15 MiB instead of 25); terminfo is named last because the static
# readline needs it after itself. Host names are still resolved through the system's glibc NSS modules at run time.
build: deps
	set -o pipefail; $(SWIFT) build -c release --static-swift-stdlib -Xswiftc -static-executable -Xlinker -s -Xlinker -ltinfo 2>&1 \
	  | { grep -v -e "statically linked applications requires at runtime" -e "is dangerous, better use" || true; }

debug: deps
	$(SWIFT) build

# The man-page plugin is run first because it builds generate-manual-tool, which the
# drift test uses to regenerate the page and compare it with man/rstate.1.
test: deps lint
	@scripts/install-deps.sh $(TEST_PACKAGES)
	$(SWIFT) build --build-tests
	$(SWIFT) package --disable-sandbox generate-manual --configuration debug --date $(MAN_DATE) >/dev/null
	$(SWIFT) test

demo: build
	scripts/demo.sh $(RELEASE_BIN)

install: build
	install -Dm755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/rstate
	install -Dm644 man/rstate.1 $(DESTDIR)$(PREFIX)/share/man/man1/rstate.1
	install -Dm644 completions/rstate.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/rstate
	install -Dm644 completions/_rstate $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_rstate
	install -Dm644 completions/rstate.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/rstate.fish

# Regenerates man/rstate.1 and completions/ from the parser; commit the result.
docs: debug
	$(SWIFT) package --disable-sandbox generate-manual --configuration debug --date $(MAN_DATE) >/dev/null
	cp .build/plugins/GenerateManual/outputs/rstate/rstate.1 man/rstate.1
	$(DEBUG_BIN) --generate-completion-script bash > completions/rstate.bash
	$(DEBUG_BIN) --generate-completion-script zsh > completions/_rstate
	$(DEBUG_BIN) --generate-completion-script fish > completions/rstate.fish

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

bench: build
	bench/ping.sh

# libFuzzer targets for every parser (Fuzz/README.md), each run FUZZ_SECONDS; FUZZ_TARGETS
# picks some. A crash, hang or failed property is saved in .build-fuzz/artifacts/ and fails.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" Fuzz/fuzz.sh

clean:
	rm -rf .build
