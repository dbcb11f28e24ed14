# Pantau — developer entry points. Every recipe calls a script in .ci/ (see README "Build chain").
#   make run     install what is missing, build in release, run the server on http://127.0.0.1:3000
#   make test    everything CI runs: fmt, clippy (ssr + hydrate), cargo test (SQLite + PostgreSQL),
#                build, browser tests
# Set CARGO_TARGET_DIR=$HOME/.cache/pantau/target to share builds with CI (.ci/run uses it).

SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help run run-debug setup build build-debug test test-rust e2e bench bench-load pg clean distclean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-12s %s\n", $$1, $$2 }'

run: ## install what is missing, build (release) and run the server (PANTAU_ADDR, DATABASE_URL)
	@bash .ci/serve.sh release

run-debug: ## like run, with a debug server build (faster to compile)
	@bash .ci/serve.sh debug

setup: ## install the tools: wasm32 target, wasm-bindgen-cli, chromium, end2end/node_modules
	@bash .ci/setup.sh

build: setup ## release server + wasm-release hydrate bundle into $CARGO_TARGET_DIR/site
	@bash .ci/build.sh release

build-debug: setup ## debug server + wasm-release hydrate bundle
	@bash .ci/build.sh debug

test: ## everything: fmt, clippy, Rust tests on SQLite + PostgreSQL, build, browser tests
	@bash .ci/test.sh

test-rust: ## only fmt, clippy and the Rust tests (no wasm build, no browser)
	@SKIP_E2E=1 .ci/test.sh

e2e: setup ## only the browser tests (builds a debug server first); ARGS="--project js" etc.
	@bash .ci/build.sh debug
	@bash .ci/e2e.sh debug $(ARGS)

bench: ## release build, cargo bench (if any), server start-up time and page latencies
	@bash .ci/bench.sh

bench-load: ## wrk load test (pages vs nginx, six-page mix on SQLite + PostgreSQL); DURATION, MIX_DURATION
	@bash .ci/bench-load.sh

pg: ## print a PostgreSQL URL for the tests (starts a throwaway server if 5432 is unusable)
	@bash .ci/pg.sh

clean: ## remove the built site and browser-test output (keeps cargo's cache and ./data)
	rm -rf "$${CARGO_TARGET_DIR:-target}/site" end2end/test-results end2end/playwright-report

distclean: clean ## also cargo clean, end2end/node_modules and the local database ./data
	cargo clean
	rm -rf end2end/node_modules data
