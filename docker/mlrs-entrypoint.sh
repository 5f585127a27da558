#!/bin/sh
# The images' launcher: the same java command as ./mlrs, with the class path staged by scripts/docker-stage.sh.
#   docker run IMAGE agent --config /etc/mlrs/agent.properties
#   docker run IMAGE train --bootstrap-servers kafka-1:9092 --dataset digits
set -eu
# One OpenMP thread per process is fastest for small DL4J models on few cores (docs/build-notes.md).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# JAVA_OPTS is split into words on purpose: it holds several options.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx1g} \
  -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp \
  -Dmlrs.data="${MLRS_DATA:-/opt/mlrs/data}" \
  -Dmlrs.home=/opt/mlrs \
  -cp "$(cat /opt/mlrs/classpath.txt)" \
  dev.mlrs.cli.Mlrs "$@"
