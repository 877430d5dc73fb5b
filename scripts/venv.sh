#!/usr/bin/env bash
# Create/refresh the project's Python virtualenv and install one requirement set.
#
#   scripts/venv.sh test     # numpy + h5py                (requirements/test.txt)
#   scripts/venv.sh bench    # numpy + threadpoolctl + torch + h5py + gymnasium + stable-baselines3
#                            #   (requirements/bench.txt)
#   scripts/venv.sh jax      # jax[cpu] + gymnax + six + flax + optax, in .venv-jax
#                            #   (requirements/jax.txt; gymnax pins an older gymnasium than bench's)
#   scripts/venv.sh bench --force   # reinstall even if the stamp is fresh
#
# Environment:
#   PYTHON=...        interpreter used to create the venv (default: python3)
#   FRONTIER_VENV=... venv directory (default: <repo>/.venv; <repo>/.venv-jax for the jax set)
#   TORCH_WHEEL=...   path to a torch wheel to use instead of searching
#
# Idempotent: after a successful install it writes .venv/.stamp-<set>; a later
# run returns at once while that stamp is newer than both the requirements file
# and this script and the venv's python still runs.
#
# torch: PyPI serves only the CUDA build of torch for Linux x86_64 (~540 MB
# wheel). Installed with --no-deps it does NOT import (libtorch_cpu.so needs
# libcudart/libcublas/... from the nvidia-*/cuda-* wheels), and with its deps
# it is several GB. So if pip's find-links (PIP_FIND_LINKS, pip config
# global.find-links, or /opt/wheels) holds a CPU-only "torch-*+cpu-*.whl" for
# this Python, we pin torch to it (~190 MB, no CUDA deps). Only when no CPU
# wheel can be found do we fall back to the full PyPI install.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF="$ROOT/scripts/venv.sh"
SET=${1:-}
FORCE=${2:-}
if [ "$SET" = jax ]; then VENV=${FRONTIER_VENV:-$ROOT/.venv-jax}; else VENV=${FRONTIER_VENV:-$ROOT/.venv}; fi
PY=${PYTHON:-python3}

say() { echo "venv.sh: $*"; }
die() { echo "venv.sh: error: $*" >&2; exit 1; }

case "$SET" in
  test|bench|jax) ;;
  *) echo "usage: scripts/venv.sh test|bench|jax [--force]" >&2; exit 2 ;;
esac
REQ="$ROOT/requirements/$SET.txt"
[ -f "$REQ" ] || die "missing $REQ"
STAMP="$VENV/.stamp-$SET"

if [ "$FORCE" != "--force" ] && [ -f "$STAMP" ] && [ "$STAMP" -nt "$REQ" ] \
   && [ "$STAMP" -nt "$SELF" ] && "$VENV/bin/python" -c 'pass' 2>/dev/null; then
  say "$SET set up to date in $VENV (stamp $(basename "$STAMP")); nothing to do"
  exit 0
fi

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    die "need $* but apt-get is not available; install them by hand"
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install $*"
    sudo=sudo
  fi
  say "apt-get install -y $*"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# --- 1. the venv -------------------------------------------------------------
if ! command -v "$PY" >/dev/null 2>&1; then
  say "$PY not found"
  apt_install python3 python3-venv
fi

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$VENV"
  say "creating venv: $PY -m venv $VENV  ($("$PY" --version 2>&1))"
  if ! "$PY" -m venv "$VENV"; then
    # Debian's python3 without python3-venv: "ensurepip is not available".
    rm -rf "$VENV"
    say "'$PY -m venv' failed; installing Debian's python3-venv"
    apt_install python3-venv
    "$PY" -m venv "$VENV" || die "'$PY -m venv $VENV' still fails"
  fi
else
  say "using existing venv $VENV ($("$VENV/bin/python" --version 2>&1))"
fi
VPY="$VENV/bin/python"
PIP=("$VPY" -m pip install --disable-pip-version-check --progress-bar off)

# --- 2. torch: look for a CPU-only wheel -------------------------------------
find_cpu_torch_wheel() {
  local tag arch dirs=() d w best=""
  tag=$("$VPY" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
  arch=$(uname -m)
  # shellcheck disable=SC2206
  [ -n "${PIP_FIND_LINKS:-}" ] && dirs+=(${PIP_FIND_LINKS})
  while IFS= read -r d; do [ -n "$d" ] && dirs+=($d); done \
    < <("$VPY" -m pip config get global.find-links 2>/dev/null || true)
  dirs+=(/opt/wheels)
  for d in "${dirs[@]}"; do
    d=${d#file://}
    [ -d "$d" ] || continue
    for w in "$d"/torch-*+cpu-"$tag"-"$tag"-*linux*_"$arch".whl; do
      [ -f "$w" ] && best=$(printf '%s\n%s\n' "$best" "$w" | sed '/^$/d' | sort -V | tail -1)
    done
  done
  printf '%s' "$best"
}

EXTRA=()
if [ "$SET" = bench ]; then
  WHEEL=${TORCH_WHEEL:-$(find_cpu_torch_wheel)}
  if [ -n "$WHEEL" ]; then
    [ -f "$WHEEL" ] || die "TORCH_WHEEL=$WHEEL does not exist"
    TVER=$(basename "$WHEEL" | cut -d- -f2)
    CONS="$VENV/.constraints-bench.txt"
    echo "torch==$TVER" > "$CONS"
    say "torch: using local CPU-only wheel $WHEEL (pinned torch==$TVER; no CUDA deps)"
    EXTRA=(--find-links "$(dirname "$WHEEL")" -c "$CONS")
  else
    say "torch: WARNING: no CPU-only torch wheel found in pip's find-links or /opt/wheels;"
    say "torch: falling back to PyPI's CUDA build with all its nvidia/cuda deps (several GB)."
  fi
fi

# --- 3. install ----------------------------------------------------------------
say "installing requirements/$SET.txt: ${PIP[*]:1} -r $REQ ${EXTRA[*]:-}"
start=$(date +%s)
"${PIP[@]}" -r "$REQ" "${EXTRA[@]}"
say "pip finished in $(( $(date +%s) - start )) s"

# --- 4. check it works -----------------------------------------------------------
if [ "$SET" = jax ]; then
  "$VPY" - <<'EOF'
import jax, jax.numpy as jnp, gymnax, flax, optax
print("venv.sh: check: jax", jax.__version__, "| jnp.ones(3).sum() =", float(jnp.ones(3).sum()),
      "| flax", flax.__version__, "| optax", optax.__version__)
EOF
elif [ "$SET" = bench ]; then
  "$VPY" - <<'EOF'
import numpy, threadpoolctl, torch, gymnasium, stable_baselines3
print("venv.sh: check: numpy", numpy.__version__, "| torch", torch.__version__,
      "| torch.ones(3).sum() =", torch.ones(3).sum().item(),
      "| gymnasium", gymnasium.__version__, "| stable_baselines3", stable_baselines3.__version__)
EOF
else
  "$VPY" - <<'EOF'
import numpy, h5py
print("venv.sh: check: numpy", numpy.__version__, "| h5py", h5py.__version__)
EOF
fi
touch "$STAMP"
say "done: $SET set ready; use $VPY"
