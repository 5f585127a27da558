#!/usr/bin/env bash
# Installs what checking the deployment in docker/ needs, from Debian's archive only: docker-compose, which
# validates docker/compose.yaml (`docker-compose -f docker/compose.yaml config`, also run by
# tests/.../DeploymentFilesTest). It needs no Docker engine for that. Idempotent: does nothing when
# docker-compose is already there. Needs root (or sudo) when it is missing.
set -euo pipefail

PACKAGE=docker-compose

log() { echo "[setup-deploy] $*"; }
die() { echo "[setup-deploy] ERROR: $*" >&2; exit 1; }

if command -v docker-compose >/dev/null 2>&1; then
  log "already installed: $(docker-compose --version)"
  exit 0
fi

"$(dirname "$0")/apt-install.sh" setup-deploy "$PACKAGE"
command -v docker-compose >/dev/null 2>&1 || die "docker-compose is still not on PATH after installing $PACKAGE"
log "installed: $(docker-compose --version)"
