#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser, marker `browser`).
# Playwright drives this system browser through executable_path; never run `playwright install`
# (its browser download is not reachable from CI and is not needed).
set -euo pipefail

if [ -x /usr/bin/chromium ] || [ -x /usr/lib/chromium/chromium ]; then
  echo "chromium already installed: $(/usr/lib/chromium/chromium --version 2>/dev/null || true)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
/usr/lib/chromium/chromium --version || true
