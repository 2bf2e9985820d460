#!/usr/bin/env bash
# Create (once) the private venv that holds a real ZenML OSS server 0.98.0 for the contract tests,
# then print its path. The server lives in its own venv because zenml pins pydantic/fastapi/sqlalchemy
# below what zpro_nb uses (see docs/contract.md).
#
# usage: scripts/oss-venv.sh          env: ZPRO_OSS_VENV overrides the location
set -euo pipefail

VENV="${ZPRO_OSS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/zpro-nb/zenml-oss-0.98.0}"
PYTHON="${PYTHON:-python3}"

ready() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - <<'PY' 2>/dev/null
import importlib.metadata as m, sys
sys.exit(0 if m.version("zenml") == "0.98.0" and m.version("httpx") else 1)
PY
}

if ! ready; then
  echo "creating ZenML OSS venv in $VENV" >&2
  mkdir -p "$(dirname "$VENV")"
  "$PYTHON" -m venv "$VENV"
  # A marker-less half-finished venv is retried next time: `ready` checks the installed version.
  "$VENV/bin/pip" install -q --disable-pip-version-check "zenml[server]==0.98.0" "httpx>=0.27" >&2
fi
echo "$VENV"
