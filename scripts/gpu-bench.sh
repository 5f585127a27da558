#!/usr/bin/env bash
# The batched-cell benchmark (plain Java vs ND4J, 1 / 100 / 10,000 loss sequences of 500 steps) on a GPU
# machine: builds the project with the `cuda` Maven profile (nd4j-cuda-11.6 in place of nd4j-native) and runs
# `mlrs bench --batched-cell`. Never needed by the build or the tests; see BENCHMARKS.md ("Batched cell").
#
# Needs: JDK 17, Maven 3.8+, an NVIDIA driver with CUDA 11.6 and cuDNN 8 installed (nd4j-cuda-11.6 loads the
# system's CUDA libraries), and network access to Maven Central the first time (the CUDA jars are not in the
# offline cache of this project's machines).
#
# Usage: scripts/gpu-bench.sh [--sequences 1,100,10000] [--cell-steps 500]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

command -v java >/dev/null || { echo "gpu-bench: no java on PATH (JDK 17 needed)" >&2; exit 2; }
command -v mvn >/dev/null || { echo "gpu-bench: no mvn on PATH" >&2; exit 2; }
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader \
  || echo "gpu-bench: nvidia-smi not found; ND4J will say whether it finds a GPU" >&2

# A build of its own: the cuda profile swaps the backend jar, so the class path differs from ./mlrs's.
mvn -B -q -Pcuda -DskipTests -pl cli -am package
CP="$(cat cli/target/mlrs-classpath.txt)"
grep -q "nd4j-cuda" <<<"$CP" || { echo "gpu-bench: the class path has no nd4j-cuda jar" >&2; exit 1; }

# ND4J uses every core by default; the CPU columns of the table are the plain-Java engine (one thread).
status=0
java -Xmx8g -Dorg.bytedeco.javacpp.cachedir="$ROOT/.cache/javacpp" -cp "$ROOT/cli/target/classes:$CP" \
  dev.mlrs.cli.Mlrs bench --batched-cell "$@" || status=$?
echo "gpu-bench: cli/target now holds the CUDA class path; 'mvn -q -DskipTests -pl cli -am package' returns" \
  "./mlrs to the CPU backend" >&2
exit "$status"
