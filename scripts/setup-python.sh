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

"$(dirname "$0")/apt-install.sh" setup-python "${PACKAGES[@]}"
"$PYTHON" -c 'import torch, confluent_kafka, avro' || { echo "[setup-python] ERROR: $PYTHON still cannot import torch, confluent_kafka, avro" >&2; exit 1; }
log "installed ${PACKAGES[*]}"
