#!/usr/bin/env bash
# Start a real ZenML OSS server (0.98.0) on 127.0.0.1 for manual contract checks, the way the
# `oss_server` test fixture does: SQLite in a data dir, ZENML_* scrubbed, fixed JWT secret,
# auto-activated admin "default". Waits until ready, then prints where it is.
#
# usage: scripts/oss-server.sh [PORT|0] [DATA_DIR]     (PORT 0 = a free port; default DATA_DIR = mktemp)
# env:   ZPRO_OSS_VENV (see scripts/oss-venv.sh), ZPRO_OSS_TIMEOUT (seconds, default 120)
# prints ZENML_URL=..., ZENML_PID=..., ZENML_DATA_DIR=..., ZENML_ADMIN=default and the path of the
# admin password file (the password itself is never printed). Stop with: kill -- -"$ZENML_PID"
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="$(bash "$HERE/oss-venv.sh")"
PY="$VENV/bin/python"
PORT="${1:-0}"
DATA_DIR="$(realpath -m "${2:-$(mktemp -d -t zpro-oss-XXXXXX)}")"
TIMEOUT="${ZPRO_OSS_TIMEOUT:-120}"

if [ "$PORT" = "0" ]; then
  PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
fi
mkdir -p "$DATA_DIR/config" "$DATA_DIR/stores"
umask 077
[ -s "$DATA_DIR/admin_password" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(16))' >"$DATA_DIR/admin_password"
[ -s "$DATA_DIR/jwt_secret" ] || "$PY" -c 'import secrets; print(secrets.token_hex(32))' >"$DATA_DIR/jwt_secret"

# Stray ZENML_SERVER_*/ZENML_STORE_* variables would reconfigure the server: start from a clean slate.
for name in $(env | sed -n 's/^\(ZENML_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$name"; done
export ZENML_CONFIG_PATH="$DATA_DIR/config"
export ZENML_LOCAL_STORES_PATH="$DATA_DIR/stores"
export ZENML_STORE_URL="sqlite:///$DATA_DIR/zenml.db"
export ZENML_ANALYTICS_OPT_IN=false
export ZENML_SERVER_AUTH_SCHEME=OAUTH2_PASSWORD_BEARER
export ZENML_SERVER_AUTO_ACTIVATE=true
export ZENML_DEFAULT_USER_NAME=default
ZENML_DEFAULT_USER_PASSWORD="$(cat "$DATA_DIR/admin_password")"
ZENML_SERVER_JWT_SECRET_KEY="$(cat "$DATA_DIR/jwt_secret")"
export ZENML_DEFAULT_USER_PASSWORD ZENML_SERVER_JWT_SECRET_KEY
export ZENML_SERVER_DISPLAY_ANNOUNCEMENTS=false ZENML_SERVER_DISPLAY_UPDATES=false
export ZENML_LOGGING_VERBOSITY=WARN ZENML_LOGGING_COLORS_DISABLED=true ZENML_ENABLE_RICH_TRACEBACK=false

setsid "$PY" -m uvicorn zenml.zen_server.zen_server_api:app \
  --host 127.0.0.1 --port "$PORT" --log-level warning --no-access-log \
  </dev/null >"$DATA_DIR/server.log" 2>&1 &
PID=$!
echo "$PID" >"$DATA_DIR/server.pid"
URL="http://127.0.0.1:$PORT"

deadline=$(( $(date +%s) + TIMEOUT ))
until "$PY" - "$URL" <<'PYEOF' 2>/dev/null
import sys, httpx
url = sys.argv[1]
ok = httpx.get(url + "/health", timeout=2).status_code == 200
sys.exit(0 if ok and httpx.get(url + "/api/v1/info", timeout=2).json().get("active") else 1)
PYEOF
do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "server exited before it was ready; log tail:" >&2; tail -40 "$DATA_DIR/server.log" >&2; exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "server not ready after ${TIMEOUT}s; log tail:" >&2; tail -40 "$DATA_DIR/server.log" >&2
    kill -- -"$PID" 2>/dev/null || true; exit 1
  fi
  sleep 0.3
done
echo "ZENML_URL=$URL"
echo "ZENML_PID=$PID"
echo "ZENML_DATA_DIR=$DATA_DIR"
echo "ZENML_ADMIN=default"
echo "ZENML_ADMIN_PASSWORD_FILE=$DATA_DIR/admin_password"
