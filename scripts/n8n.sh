#!/usr/bin/env bash
# npm run n8n: a real n8n (editor at http://localhost:5678) with this package installed, the
# sandbox running, a ready "Campari Open API (sandbox)" credential and the examples imported.
# Ctrl-C stops n8n and the sandbox (both run in their own process groups, killed on exit).
#
# Env: N8N_PORT (5678), CAMPARI_SANDBOX_PORT (4010), CAMPARI_N8N_KEEP=1 keeps the throw-away
# n8n user folder (.n8n-run/editor-*) after exit; N8N_VERSION is pinned in scripts/provision.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/provision.sh
source scripts/provision.sh

N8N_PORT="${N8N_PORT:-5678}"
SANDBOX_PORT="${CAMPARI_SANDBOX_PORT:-4010}"
mkdir -p .n8n-run
RUN_DIR="$(mktemp -d "$PWD/.n8n-run/editor-XXXXXX")"
SANDBOX_PGID=""
N8N_PGID=""

stop_group() { # $1 = process group id: TERM, up to 20 s, then KILL
  local pgid="$1"
  [ -n "$pgid" ] || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do
    kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

cleanup() {
  trap - INT TERM EXIT
  echo "[n8n] stopping n8n and the sandbox" >&2
  stop_group "$N8N_PGID"
  stop_group "$SANDBOX_PGID"
  if [ "${CAMPARI_N8N_KEEP:-0}" = "1" ]; then
    echo "[n8n] user folder kept: $RUN_DIR" >&2
  else
    rm -rf "$RUN_DIR"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The sandbox, in its own process group (setsid: its pid is the group id).
setsid node dist/sandbox/cli.js --port "$SANDBOX_PORT" >"$RUN_DIR/sandbox.json" 2>"$RUN_DIR/sandbox.err" &
SANDBOX_PGID=$!
for _ in $(seq 1 40); do
  [ -s "$RUN_DIR/sandbox.json" ] && break
  kill -0 "$SANDBOX_PGID" 2>/dev/null || { cat "$RUN_DIR/sandbox.err" >&2; exit 1; }
  sleep 0.25
done
[ -s "$RUN_DIR/sandbox.json" ] || { echo "[n8n] the sandbox did not start" >&2; exit 1; }
BASE_URL="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").split("\n")[0]).baseUrl)' "$RUN_DIR/sandbox.json")"
echo "[n8n] sandbox at ${BASE_URL%/master-data} (control: GET /_sandbox/stats)"

node dist/scripts/n8nPrepare.js "$RUN_DIR" "$RUN_DIR/sandbox.json"

export N8N_USER_FOLDER="$RUN_DIR"
export N8N_ENCRYPTION_KEY="${N8N_ENCRYPTION_KEY:-$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))')}"
export N8N_PORT N8N_LOG_LEVEL=info
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false N8N_TEMPLATES_ENABLED=false N8N_HIRING_BANNER_ENABLED=false N8N_DYNAMIC_BANNERS_ENABLED=false
export N8N_SECURE_COOKIE=false
# The MCP server registry would fetch its list from api.n8n.io.
export N8N_DISABLED_MODULES="${N8N_DISABLED_MODULES:-mcp-registry}"

echo "[n8n] importing the credential and the examples (n8n $N8N_VERSION, $(node --version))"
"$N8N_BIN" import:credentials --input="$RUN_DIR/credentials.json" >"$RUN_DIR/import.log" 2>&1 || { cat "$RUN_DIR/import.log" >&2; exit 1; }
"$N8N_BIN" import:workflow --separate --input=examples >>"$RUN_DIR/import.log" 2>&1 || { cat "$RUN_DIR/import.log" >&2; exit 1; }

echo "[n8n] starting n8n: open http://localhost:$N8N_PORT (first visit: set up the owner account; Ctrl-C stops everything)"
setsid "$N8N_BIN" start &
N8N_PGID=$!
wait "$N8N_PGID" || true
