#!/usr/bin/env bash
# npm run e2e: the package in a real n8n (version pinned in scripts/provision.sh), against the sandbox.
# Needs a build (npm run e2e builds first) and the npm registry (first provisioning, package install).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/provision.sh
source scripts/provision.sh
exec node dist/scripts/e2e.js "$@"
