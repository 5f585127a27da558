#!/usr/bin/env bash
# Installs Debian packages for the setup scripts: apt-get install (as root, or through sudo), and once more after
# apt-get update when the package lists are stale. Usage: scripts/apt-install.sh TAG PACKAGE...
# (TAG names the calling script in messages).
set -euo pipefail

TAG=$1
shift
die() { echo "[$TAG] ERROR: $*" >&2; exit 1; }

command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* by hand"
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "run as root (or install sudo)"
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "$@"; then
  echo "[$TAG] package lists may be stale: apt-get update, then again"
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "$@"
fi
