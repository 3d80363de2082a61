#!/usr/bin/env bash
# `npm test`: the whole suite against a real Temporal dev server and a real PostgreSQL.
# Ends with a plain `N passed, N failed` line from jest's own results.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh || exit 1
# The merchant page's browser test drives Debian's Chromium (installed here when missing).
CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)" || exit 1
export CHROMIUM_PATH

echo "» type-checking" >&2
if ! npx tsc --noEmit; then echo "0 passed, 1 failed"; echo "type check failed" >&2; exit 1; fi

results=$(mktemp)
npx jest --ci --json --outputFile="$results" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const failedSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + failedSuites} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$results" || { echo "0 passed, 1 failed"; status=1; }
rm -f "$results"
exit $status
