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

command -v apt-get >/dev/null 2>&1 || { echo "[setup-browser] ERROR: apt-get not found; install ${PACKAGES[*]} by hand" >&2; exit 1; }
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "[setup-browser] ERROR: run as root (or install sudo)" >&2; exit 1; }
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"; then
  log "package lists may be stale: apt-get update, then again"
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"
fi
command -v chromium >/dev/null 2>&1 || { echo "[setup-browser] ERROR: chromium still not on the PATH" >&2; exit 1; }
log "installed: $(chromium --version 2>/dev/null || echo chromium)"
