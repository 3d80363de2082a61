#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium for the browser test, installing Debian's `chromium` package when
# none is found (Playwright's own browser download is not used: it needs Playwright's servers). Idempotent and quiet:
# a found browser costs one `command -v`. CHROMIUM_PATH overrides the search.
set -euo pipefail

find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; return 0; fi
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  done
  return 1
}

if find_chromium; then exit 0; fi

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "» installing Chromium (apt-get install chromium) for the browser test" >&2
  # A lock held by another apt run (a parallel setup) is waited for, not failed on.
  (apt-get -o DPkg::Lock::Timeout=300 update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >/dev/null) >&2 ||
    { echo "apt-get could not install chromium" >&2; exit 1; }
  find_chromium && exit 0
fi

echo "No Chromium found: install Debian's 'chromium' package or set CHROMIUM_PATH." >&2
exit 1
