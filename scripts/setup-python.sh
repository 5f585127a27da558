#!/usr/bin/env bash
# Installs what the Python client (clients/python) and its tests need, from Debian's archive only:
# python3-torch, python3-confluent-kafka, python3-avro, for /usr/bin/python3. Idempotent: does nothing
# when /usr/bin/python3 can already import all three. Needs root (or sudo) when something is missing.
set -euo pipefail

PACKAGES=(python3-torch python3-confluent-kafka python3-avro)
PYTHON=/usr/bin/python3

log() { echo "[setup-python] $*"; }

if [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import torch, confluent_kafka, avro' >/dev/null 2>&1; then
  log "already installed: $("$PYTHON" -c 'import torch, confluent_kafka; print("torch", torch.__version__, "/ confluent-kafka", confluent_kafka.version()[0])')"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || { echo "[setup-python] ERROR: apt-get not found; install ${PACKAGES[*]} by hand" >&2; exit 1; }
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "[setup-python] ERROR: run as root (or install sudo)" >&2; exit 1; }
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"; then
  log "package lists may be stale: apt-get update, then again"
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"
fi
"$PYTHON" -c 'import torch, confluent_kafka, avro' || { echo "[setup-python] ERROR: $PYTHON still cannot import torch, confluent_kafka, avro" >&2; exit 1; }
log "installed ${PACKAGES[*]}"
