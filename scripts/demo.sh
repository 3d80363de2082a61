#!/usr/bin/env bash
# `npm run demo` on a fresh clone: prerequisites first (npm packages, PostgreSQL, the Temporal CLI), then the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
exec node --import tsx scripts/demo.ts "$@"
