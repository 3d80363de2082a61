#!/usr/bin/env bash
# Makes a fresh clone runnable: npm packages, a PostgreSQL that answers, the Temporal CLI binary.
# Sourced or run by `npm test`, `npm run demo`, `npm run bench`, `npm run chaos` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/@temporalio/worker ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "» installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

pg_answers() { pg_isready -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" 2>/dev/null; }
if ! pg_answers; then
  if ! command -v pg_isready >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "» installing PostgreSQL (apt-get)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "» starting PostgreSQL $version" >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  fi
  for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
  pg_answers || { echo "PostgreSQL does not answer on ${PGHOST:-127.0.0.1}:${PGPORT:-5432}; start it or set DATABASE_URL." >&2; exit 1; }
fi

TEMPORAL_CLI_PATH="$(bash scripts/temporal-bin.sh)"
export TEMPORAL_CLI_PATH
