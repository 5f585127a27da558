#!/usr/bin/env bash
# Installs headless Chromium (Debian packages chromium and chromium-driver) for the live view's browser test
# (tests/.../LiveViewOverBrokerTest). Idempotent: does nothing when chromium is already on the PATH.
# Needs root (or sudo) when it is missing. Without it the browser test skips, saying so.
set -euo pipefail

PACKAGES=(chromium chromium-driver)

log() { echo "[setup-browser] $*"; }

if command -v chromium >/dev/null 2>&1; then
  log "already installed: $(chromium --version 2>/dev/null || echo chromium)"
  exit 0
fi

"$(dirname "$0")/apt-install.sh" setup-browser "${PACKAGES[@]}"
command -v chromium >/dev/null 2>&1 || { echo "[setup-browser] ERROR: chromium still not on the PATH" >&2; exit 1; }
log "installed: $(chromium --version 2>/dev/null || echo chromium)"
