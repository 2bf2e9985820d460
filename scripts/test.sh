#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: installs what it needs (project venv, the real ZenML OSS
# server's own venv), then lint, types, docs and every test. Servers are started by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV="${ZPRO_VENV:-$ROOT/.venv}"

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "project venv: $VENV"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[dev]"

step "Debian's Chromium (for the browser tests)"
bash scripts/install-chromium.sh >/dev/null

step "real ZenML OSS server venv (for the contract tests)"
ZPRO_OSS_VENV="$(bash scripts/oss-venv.sh)"
export ZPRO_OSS_VENV

# Jupyter, IPython and pytest write into HOME and the temp dir; keep a run's files inside the checkout.
export HOME="$ROOT/.ci-home" TMPDIR="$ROOT/.ci-tmp"
mkdir -p "$HOME" "$TMPDIR"
# The suite must not see a real organization's credentials from the caller's environment.
unset ZENML_PRO_API_TOKEN ZENML_PRO_API_KEY ZENML_PRO_API_URL ZENML_STORE_URL ZENML_STORE_API_KEY \
      ZENML_STORE_API_TOKEN ZENML_STORE_USERNAME ZENML_STORE_PASSWORD || true

step "ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

step "mypy --strict zpro_nb"
"$VENV/bin/mypy" --strict zpro_nb

step "lint-imports"
"$VENV/bin/lint-imports"

export NO_MKDOCS_2_WARNING=1
step "mkdocs build --strict"
"$VENV/bin/mkdocs" build --strict --quiet --site-dir "$TMPDIR/site"

if [ $# -gt 0 ]; then
  step "pytest $*"
  "$VENV/bin/python" -m pytest "$@"
else
  # The browser tests run in a process of their own: Playwright's sync API keeps an event loop on the
  # main thread, which other async tests must never share.
  step "pytest (all but the browser tests)"
  "$VENV/bin/python" -m pytest -m "not browser"
  step "pytest (browser tests: JupyterLab in Debian's Chromium)"
  SCREENSHOT_DIR="$ROOT/artifacts" "$VENV/bin/python" -m pytest -m browser
fi

step "done"
