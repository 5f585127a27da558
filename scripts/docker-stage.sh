#!/usr/bin/env bash
# Puts what the images in docker/ copy into docker/build/ (the Docker build context is docker/):
#
#   docker/build/lib/app/*.jar     the CLI's and the agent's jars: this project's modules and their dependencies
#   docker/build/lib/dl4j/*.jar    ND4J, DL4J and their native libraries: only the CLI image (training jobs) has them
#   docker/build/agent.classpath   the agent image's class path (lib/app only: an agent never loads ND4J)
#   docker/build/cli.classpath     the CLI image's class path (both folders)
#
# The jars are the ones `mvn package` builds and names in cli/target/mlrs-classpath.txt, the class path the
# ./mlrs launcher runs with.
#
#   scripts/docker-stage.sh           build (mvn -DskipTests package) when nothing is built yet, then copy
#   scripts/docker-stage.sh --check   copy nothing: check that every jar the images copy exists (CI, after mvn verify)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CP_FILE="$ROOT/cli/target/mlrs-classpath.txt"
STAGE="$ROOT/docker/build"
IMAGE_LIB=/opt/mlrs/lib
# The same Maven groups the agent tests keep off an agent's class path (tests/.../ChildAgent.java).
DL4J_PATTERN='/org/(nd4j|deeplearning4j|bytedeco)/'

log() { echo "[docker-stage] $*"; }
die() { echo "[docker-stage] ERROR: $*" >&2; exit 1; }

mode=copy
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) die "usage: $(basename "$0") [--check]" ;;
esac

if [[ ! -f "$CP_FILE" ]]; then
  [[ "$mode" == check ]] && die "$CP_FILE is missing: build first (mvn -B -DskipTests package, or mvn -B verify)"
  log "nothing built yet: mvn -B -q -DskipTests package"
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi

shopt -s nullglob
cli_jars=("$ROOT"/cli/target/mlrs-cli-*.jar)
shopt -u nullglob
[[ ${#cli_jars[@]} -eq 1 ]] || die "expected one cli/target/mlrs-cli-*.jar, found ${#cli_jars[@]}: build first"

jars=("${cli_jars[0]}")
# read fails at an end of file without a newline (Maven writes none), after it has read the line
IFS=':' read -r -a from_classpath < "$CP_FILE" || [[ ${#from_classpath[@]} -gt 0 ]] || die "$CP_FILE is empty"
jars+=("${from_classpath[@]}")

missing=()
declare -A seen=()
app=()
dl4j=()
for jar in "${jars[@]}"; do
  [[ -n "$jar" ]] || continue
  [[ "$jar" == *.jar ]] || die "not a jar on the class path: $jar (the images copy jars only)"
  [[ -f "$jar" ]] || { missing+=("$jar"); continue; }
  name="$(basename "$jar")"
  # One flat folder per group: two jars with one name would overwrite each other.
  [[ -z "${seen[$name]:-}" ]] || die "two jars named $name: ${seen[$name]} and $jar"
  seen[$name]="$jar"
  if [[ "$jar" =~ $DL4J_PATTERN ]]; then dl4j+=("$jar"); else app+=("$jar"); fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  printf '[docker-stage] missing: %s\n' "${missing[@]}" >&2
  die "${#missing[@]} jar(s) of the class path do not exist: build again (mvn -B -DskipTests package)"
fi

megabytes() { [[ $# -eq 0 ]] && { echo 0; return; }; du -cm "$@" | tail -1 | cut -f1; }
log "${#app[@]} jars for both images ($(megabytes "${app[@]}") MB), ${#dl4j[@]} ND4J/DL4J jars for the CLI image" \
  "($(megabytes "${dl4j[@]}") MB); all present"
[[ "$mode" == check ]] && exit 0

rm -rf "$STAGE"
mkdir -p "$STAGE/lib/app" "$STAGE/lib/dl4j"
cp "${app[@]}" "$STAGE/lib/app/"
[[ ${#dl4j[@]} -eq 0 ]] || cp "${dl4j[@]}" "$STAGE/lib/dl4j/"

# Class paths in the launcher's order (the CLI jar first), with the paths the jars have inside the images.
in_image() {
  local jar="$1"
  if [[ "$jar" =~ $DL4J_PATTERN ]]; then echo "$IMAGE_LIB/dl4j/$(basename "$jar")"; else echo "$IMAGE_LIB/app/$(basename "$jar")"; fi
}
agent_cp=()
cli_cp=()
for jar in "${jars[@]}"; do
  [[ -n "$jar" ]] || continue
  cli_cp+=("$(in_image "$jar")")
  [[ "$jar" =~ $DL4J_PATTERN ]] || agent_cp+=("$(in_image "$jar")")
done
(IFS=':'; echo "${agent_cp[*]}") > "$STAGE/agent.classpath"
(IFS=':'; echo "${cli_cp[*]}") > "$STAGE/cli.classpath"
log "staged into $STAGE: now docker compose -f docker/compose.yaml build (or see docker/README.md)"
