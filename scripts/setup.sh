#!/usr/bin/env bash
# Set up everything the project needs on a fresh machine, idempotently:
#   scripts/setup.sh          Python venv with the package (for `make serve`)
#   scripts/setup.sh --test   plus test dependencies, Debian's chromium and the
#                             front-end packages (for `make test`)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "setup: creating $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-12)-$want_test"
if [[ ! -f "$stamp" ]]; then
  echo "setup: installing Python packages" >&2
  if [[ $want_test == 1 ]]; then "$VENV/bin/pip" install -q -e '.[test]'; else "$VENV/bin/pip" install -q -e .; fi
  touch "$stamp"
fi

# Front-end assets (query editor, graph view) come from the npm registry, never a CDN.
if [[ -f package.json ]] && command -v npm >/dev/null; then
  if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules ]]; then
    echo "setup: installing front-end packages" >&2
    npm ci --silent --no-audit --no-fund >&2 || npm install --silent --no-audit --no-fund >&2
  fi
  [[ -x scripts/vendor_assets.sh ]] && scripts/vendor_assets.sh
fi

if [[ $want_test == 1 && ! -x /usr/bin/chromium ]]; then
  echo "setup: installing Debian's chromium for the browser tests" >&2
  if [[ $(id -u) == 0 ]]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
  else
    echo "setup: chromium missing and not root; browser tests will be skipped" >&2
  fi
fi

# Virtuoso 7 (Debian) for the server-mode tests (tests/test_servers.py); Oxigraph server comes from PyPI.
if [[ $want_test == 1 ]] && ! command -v virtuoso-t >/dev/null; then
  echo "setup: installing Debian's virtuoso-opensource-7-bin for the server tests" >&2
  if [[ $(id -u) == 0 ]]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource-7-bin) >&2 \
      || echo "setup: could not install virtuoso-opensource-7-bin; its server tests will be skipped" >&2
  else
    echo "setup: virtuoso-t missing and not root; its server tests will be skipped" >&2
  fi
fi
