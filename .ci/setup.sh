#!/usr/bin/env bash
# Installs what building and testing Pantau needs, skipping whatever is already there:
#   (a) rustup's wasm32-unknown-unknown target
#   (b) wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (from crates.io)
#   (c) Debian's chromium (/usr/bin/chromium) for the browser tests
#   (d) end2end/node_modules from package-lock.json: @playwright/test, binaryen (wasm-opt), axe-core
#   (e) Debian's libreoffice-calc-nogui (soffice) for the test that opens the .xlsx exports
# PostgreSQL is not installed here: .ci/pg.sh installs it only if it has to start a server itself.
# Nothing is downloaded from anywhere but the package registries (crates.io, npm, Debian).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUMMARY=()
step_start=0
begin() { step_start=$SECONDS; log "$1 ..."; }
record() { # record "step" "what happened"
  local took=$((SECONDS - step_start))
  SUMMARY+=("$(printf '%-26s %-58s %s' "$1" "$2" "$(fmt_secs "$took")")")
}

# (a) wasm32 target -------------------------------------------------------------------------------
begin "rust wasm32 target"
command -v rustup >/dev/null || die "rustup not found: this machine kind ships Rust via rustup"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  record "wasm32-unknown-unknown" "already installed"
else
  rustup target add wasm32-unknown-unknown >&2
  record "wasm32-unknown-unknown" "installed (rustup target add)"
fi

# (b) wasm-bindgen-cli ----------------------------------------------------------------------------
begin "wasm-bindgen-cli"
want=$(lock_wasm_bindgen_version)
[ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"
wait_for_other '^[^ ]*cargo(\.exe)? install .*wasm-bindgen-cli'
have=$(installed_wasm_bindgen_version)
if [ "$have" = "$want" ]; then
  record "wasm-bindgen-cli $want" "already installed"
else
  log "wasm-bindgen-cli: have '${have:-none}', Cargo.lock wants $want; installing from crates.io (takes ~10 min on 2 cores)"
  # No --locked: the CLI's own lock file pins a crate version the registry mirror lacks.
  # Built in cargo install's own temporary target dir, not in the (shared) CARGO_TARGET_DIR.
  env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "$want" --force >&2
  have=$(installed_wasm_bindgen_version)
  [ "$have" = "$want" ] || die "wasm-bindgen --version says '$have' after installing $want (is another wasm-bindgen earlier on PATH? $(command -v wasm-bindgen))"
  record "wasm-bindgen-cli $want" "installed (cargo install)"
fi

# (c) chromium ------------------------------------------------------------------------------------
begin "chromium"
if [ -x /usr/bin/chromium ]; then
  record "chromium" "already installed: $(/usr/bin/chromium --version 2>/dev/null | awk 'NR == 1 { print $1, $2 }')"
else
  apt_install chromium
  [ -x /usr/bin/chromium ] || die "apt-get install chromium did not provide /usr/bin/chromium"
  record "chromium" "installed (apt-get): $(/usr/bin/chromium --version 2>/dev/null | awk 'NR == 1 { print $1, $2 }')"
fi

# (d) end2end node modules ------------------------------------------------------------------------
begin "end2end node modules"
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 18)) || die "Node.js $(node --version) is too old for Playwright (needs 18+)"
E2E="$ROOT/end2end"
STAMP="$E2E/node_modules/.pantau-lock.sha256"
lock_sum=$(sha256sum "$E2E/package-lock.json" | awk '{print $1}')
if [ -d "$E2E/node_modules" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$lock_sum" ]; then
  record "npm ci (end2end)" "up to date with package-lock.json"
else
  # Playwright must never try to fetch browsers: we drive Debian's /usr/bin/chromium.
  (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2)
  echo "$lock_sum" >"$STAMP"
  record "npm ci (end2end)" "installed $(cd "$E2E" && node -p "require('@playwright/test/package.json').version" 2>/dev/null | sed 's/^/@playwright\/test /'), binaryen, axe-core"
fi
[ -x "$E2E/node_modules/.bin/wasm-opt" ] || die "end2end/node_modules/.bin/wasm-opt missing after npm ci"

# (e) LibreOffice Calc (headless) ----------------------------------------------------------------
# server/tests/xlsx.rs converts the .xlsx exports with it; without it that test fails.
begin "libreoffice calc"
if command -v soffice >/dev/null; then
  record "libreoffice-calc-nogui" "already installed: $(soffice --version 2>/dev/null | awk 'NR == 1 { print $1, $2 }')"
else
  apt_install libreoffice-calc-nogui
  command -v soffice >/dev/null || die "apt-get install libreoffice-calc-nogui did not provide soffice"
  record "libreoffice-calc-nogui" "installed (apt-get): $(soffice --version 2>/dev/null | awk 'NR == 1 { print $1, $2 }')"
fi

log "summary (step, result, time):"
for line in "${SUMMARY[@]}"; do printf '[setup]   %s\n' "$line" >&2; done
