#!/usr/bin/env bash
# Builds Pantau the way `cargo leptos build` would, with tools from the package registries only:
#   1. the server binary `pantau` (cargo build -p server, debug or --release)
#   2. the hydrate library for wasm32 (always the wasm-release profile: a debug wasm is huge)
#   3. wasm-bindgen --target web  -> <site>/pkg/pantau.js + pantau.wasm
#   4. wasm-opt -Oz (npm binaryen, from end2end/node_modules)
#   5. style/main.css -> <site>/pkg/pantau.css, public/* -> <site>/
# <site> is $CARGO_TARGET_DIR/site (target/site by default). Usage: .ci/build.sh [release|debug]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=${1:-release}
case "$PROFILE" in
  release) server_flags=(--release); server_dir=release ;;
  debug) server_flags=(); server_dir=debug ;;
  *) die "usage: $0 [release|debug]" ;;
esac
cd "$ROOT"

# The tools setup.sh installs; check them rather than failing half-way.
want=$(lock_wasm_bindgen_version)
have=$(installed_wasm_bindgen_version)
[ "$have" = "$want" ] || die "wasm-bindgen CLI is '${have:-missing}' but Cargo.lock has wasm-bindgen $want: run .ci/setup.sh (make setup)"
WASM_OPT="$ROOT/end2end/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || die "$WASM_OPT missing: run .ci/setup.sh (make setup)"
rustup target list --installed | grep -qx wasm32-unknown-unknown || die "wasm32-unknown-unknown target missing: run .ci/setup.sh (make setup)"
[ -f style/main.css ] || die "style/main.css is missing (it becomes <site>/pkg/pantau.css)"

t0=$SECONDS
log "cargo build -p server ${server_flags[*]} (LEPTOS_OUTPUT_NAME=$LEPTOS_OUTPUT_NAME, target dir $TARGET_DIR)"
cargo build -p server "${server_flags[@]}"
t_server=$((SECONDS - t0))

t0=$SECONDS
log "cargo build -p app --lib --target wasm32-unknown-unknown --profile wasm-release --features hydrate"
cargo build -p app --lib --target wasm32-unknown-unknown --profile wasm-release \
  --no-default-features --features hydrate
t_wasm=$((SECONDS - t0))

RAW_WASM="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
[ -f "$RAW_WASM" ] || die "$RAW_WASM not produced"

# Assemble the new pkg dir in a fresh staging folder, then point the symlink <site>/pkg at it with
# one atomic rename: a running server never sees half a site, and two builds sharing a target dir
# (developers and CI may) cannot trip over each other's files.
t0=$SECONDS
mkdir -p "$SITE_DIR"
STAGE=$(mktemp -d "$SITE_DIR/.pkg-XXXXXX")
chmod 0755 "$STAGE"
# On failure, drop the half-built staging folder (unless it became <site>/pkg).
trap '[ "$(readlink "$SITE_DIR/pkg" 2>/dev/null)" = "$(basename "$STAGE")" ] || rm -rf "$STAGE"' EXIT
log "wasm-bindgen $have --target web --out-name pantau"
wasm-bindgen --target web --no-typescript --out-name pantau --out-dir "$STAGE" "$RAW_WASM"
# wasm-bindgen writes pantau.js + pantau_bg.wasm; Leptos' <HydrationScripts/> (compiled with
# LEPTOS_OUTPUT_NAME=pantau) loads /pkg/pantau.js and passes /pkg/pantau.wasm to its init function.
mv "$STAGE/pantau_bg.wasm" "$STAGE/pantau.wasm"
bindgen_size=$(stat -c %s "$STAGE/pantau.wasm")

log "wasm-opt -Oz (npm binaryen $("$WASM_OPT" --version | awk '{print $3}'))"
"$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$STAGE/pantau.wasm" -o "$STAGE/pantau.opt.wasm"
mv "$STAGE/pantau.opt.wasm" "$STAGE/pantau.wasm"
cp style/main.css "$STAGE/pantau.css"

# An older build.sh left a real folder here: replace it by the symlink once.
if [ -d "$SITE_DIR/pkg" ] && [ ! -L "$SITE_DIR/pkg" ]; then rm -rf "$SITE_DIR/pkg"; fi
ln -s "$(basename "$STAGE")" "$SITE_DIR/.pkg-link.$$"
mv -T "$SITE_DIR/.pkg-link.$$" "$SITE_DIR/pkg"
# Drop older builds, keeping any touched in the last 10 minutes (a concurrent build's staging dir,
# or the files a server started a moment ago may still be serving).
find "$SITE_DIR" -mindepth 1 -maxdepth 1 -type d -name '.pkg-*' ! -path "$STAGE" -mmin +10 \
  -exec rm -rf {} + 2>/dev/null || true
if [ -d public ]; then
  [ -e public/pkg ] && die "public/ must not contain a pkg/ folder (it would shadow the built one)"
  log "copying public/ assets into $SITE_DIR"
  cp -a public/. "$SITE_DIR/"
else
  log "no public/ folder: no static assets to copy"
fi
t_site=$((SECONDS - t0))

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
size_of() { stat -c %s "$1"; }
gz_of() { gzip -9c "$1" | wc -c; }
BIN="$TARGET_DIR/$server_dir/pantau"
[ -x "$BIN" ] || die "$BIN not produced"
{
  echo "[build] done ($PROFILE server; wasm-release wasm)"
  echo "[build]   server binary        $BIN ($(kb "$(size_of "$BIN")"))"
  echo "[build]   wasm from cargo      $(kb "$(size_of "$RAW_WASM")")"
  echo "[build]   after wasm-bindgen   $(kb "$bindgen_size")"
  echo "[build]   pkg/pantau.wasm      $(kb "$(size_of "$SITE_DIR/pkg/pantau.wasm")") raw, $(kb "$(gz_of "$SITE_DIR/pkg/pantau.wasm")") gzip -9"
  echo "[build]   pkg/pantau.js        $(kb "$(size_of "$SITE_DIR/pkg/pantau.js")") raw, $(kb "$(gz_of "$SITE_DIR/pkg/pantau.js")") gzip -9"
  echo "[build]   pkg/pantau.css       $(kb "$(size_of "$SITE_DIR/pkg/pantau.css")")"
  echo "[build]   site root            $SITE_DIR  (LEPTOS_SITE_ROOT)"
  echo "[build]   times: server $(fmt_secs "$t_server"), wasm $(fmt_secs "$t_wasm"), bindgen+opt+site $(fmt_secs "$t_site")"
} >&2
