#!/usr/bin/env bash
# Prints the path of a Temporal CLI binary, building v1.5.1 with Go into a cache outside the repo if needed.
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, the cache, then `go install`.
set -euo pipefail
VERSION=v1.5.1
CACHE="${QBFX_CACHE_DIR:-$HOME/.cache/qbfx}"
if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable" >&2; exit 1; }
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [ -x "$CACHE/bin/temporal" ]; then echo "$CACHE/bin/temporal"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
No Temporal CLI found. Either
  - install it (https://docs.temporal.io/cli) and put \`temporal\` on PATH or set TEMPORAL_CLI_PATH, or
  - install Go >= 1.24 so this script can build Temporal CLI $VERSION into $CACHE/bin.
MSG
  exit 1
fi
mkdir -p "$CACHE"
# One build at a time: parallel test runs wait for the first build instead of starting their own.
exec 9>"$CACHE/.build.lock"
flock 9
if [ -x "$CACHE/bin/temporal" ]; then echo "$CACHE/bin/temporal"; exit 0; fi
echo "Building Temporal CLI $VERSION with $(go version) into $CACHE/bin (first run only, a few minutes)..." >&2
GOPATH="$CACHE/gopath" GOBIN="$CACHE/bin" GOFLAGS=-modcacherw CGO_ENABLED=0 \
  go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2 \
  || { echo "Building Temporal CLI failed (see above). Install Go >= 1.24 or set TEMPORAL_CLI_PATH." >&2; exit 1; }
echo "$CACHE/bin/temporal"
