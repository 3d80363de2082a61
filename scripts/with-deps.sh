#!/usr/bin/env bash
# Runs a command once the fresh-clone prerequisites are in place (see ensure-deps.sh).
set -euo pipefail
source "$(dirname "$0")/ensure-deps.sh"
exec npx "$@"
