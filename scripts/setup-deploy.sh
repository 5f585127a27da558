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

command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $PACKAGE by hand"
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "run as root (or install sudo)"
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "$PACKAGE"; then
  log "package lists may be stale: apt-get update, then again"
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "$PACKAGE"
fi
command -v docker-compose >/dev/null 2>&1 || die "docker-compose is still not on PATH after installing $PACKAGE"
log "installed: $(docker-compose --version)"
