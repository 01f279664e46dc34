#!/usr/bin/env bash
# Create (or update) the project's environment in .venv at the repository root.
#
# Installs the pinned OpenMMLab stack: torch 2.14.1 / torchvision 0.29.1,
# mmcv 2.1.0 WITH compiled ops (built from the sdist once per machine and
# cached as a wheel outside the repository), mmengine, mmsegmentation,
# mmpretrain, and this package in editable mode.
#
# The mmcv build (~30 min on 2 cores) happens only when no cached wheel
# exists; the wheel lives in $MMSEG_MP_WHEELHOUSE
# (default: ~/.cache/mmseg-multipath/wheels).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"
WHEELHOUSE="${MMSEG_MP_WHEELHOUSE:-$HOME/.cache/mmseg-multipath/wheels}"
MMCV_VERSION=2.1.0
PY="${PYTHON:-python3}"
CONSTRAINTS="$ROOT/requirements/constraints.txt"

log() { echo "[setup_env $(date +%H:%M:%S)] $*"; }

if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  "$PY" -m venv "$VENV"
fi
VPY="$VENV/bin/python"
PIP=("$VPY" -m pip --disable-pip-version-check)

have() { "$VPY" - "$@" <<'PYEOF' >/dev/null 2>&1
import sys
from importlib.metadata import version
for spec in sys.argv[1:]:
    name, want = spec.split("==")
    if version(name) != want:
        sys.exit(1)
PYEOF
}

if ! have torch==2.14.1 torchvision==0.29.1; then
  log "installing torch 2.14.1 + torchvision 0.29.1 (from local disk, ~1.5 min)"
  "${PIP[@]}" install -q -c "$CONSTRAINTS" torch==2.14.1 torchvision==0.29.1
fi

# mmcv's setup.py imports pkg_resources (setuptools >=77.0.3,<82); before 80.9
# importing pkg_resources (mmengine, mmcv) does not print a warning on every run
"${PIP[@]}" install -q -c "$CONSTRAINTS" 'setuptools>=77.0.3,<80.9' wheel ninja packaging

# mmcv's ops are built for CUDA where they can run: a GPU that torch sees
# and nvcc to compile with; for the CPU otherwise (a CUDA toolkit without a
# GPU gets the CPU build). MMSEG_MP_MMCV_CUDA=1 / 0 overrides the choice.
# The two wheels are cached apart.
FORCE_CUDA=${MMSEG_MP_MMCV_CUDA:-}
if [ -z "$FORCE_CUDA" ]; then
  FORCE_CUDA=0
  if command -v nvcc >/dev/null 2>&1 && "$VPY" -c \
      'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' \
      >/dev/null 2>&1; then
    FORCE_CUDA=1
  fi
fi
if [ "$FORCE_CUDA" = 1 ]; then
  WHEELHOUSE="$WHEELHOUSE/cuda"
fi

mmcv_ok() { "$VPY" -c 'import mmcv, mmcv.ops, torch; assert mmcv.__version__=="'$MMCV_VERSION'"; b=torch.tensor([[0.,0,1,1],[0,0,1,1.]]); s=torch.tensor([.9,.8]); mmcv.ops.nms(b,s,0.5)' >/dev/null 2>&1; }

if ! mmcv_ok; then
  mkdir -p "$WHEELHOUSE"
  WHEEL=$(ls "$WHEELHOUSE"/mmcv-${MMCV_VERSION}-*.whl 2>/dev/null | head -n1 || true)
  if [ -z "$WHEEL" ]; then
    LOCK="$WHEELHOUSE/.build.lock"
    exec 9>"$LOCK"
    flock 9
    WHEEL=$(ls "$WHEELHOUSE"/mmcv-${MMCV_VERSION}-*.whl 2>/dev/null | head -n1 || true)
    if [ -z "$WHEEL" ]; then
      log "building mmcv ${MMCV_VERSION} with compiled ops from its sdist ($([ $FORCE_CUDA = 1 ] && echo CUDA || echo CPU), C++20; ~30 min on 2 cores, once per machine)"
      BUILD=$(mktemp -d)
      "${PIP[@]}" download -q --no-deps --no-binary :all: "mmcv==${MMCV_VERSION}" -d "$BUILD"
      tar -xzf "$BUILD"/mmcv-${MMCV_VERSION}.tar.gz -C "$BUILD"
      SRC="$BUILD/mmcv-${MMCV_VERSION}"
      # torch 2.14's headers require C++20
      sed -i 's/-std=c++17/-std=c++20/g' "$SRC/setup.py"
      grep -q 'std=c++20' "$SRC/setup.py" || { echo "failed to patch -std flag in mmcv setup.py" >&2; exit 1; }
      ( cd "$SRC" && MMCV_WITH_OPS=1 FORCE_CUDA=$FORCE_CUDA MAX_JOBS="${MAX_JOBS:-2}" \
          "$VPY" -m pip wheel --no-build-isolation --no-deps -w "$WHEELHOUSE" . 2>&1 \
          | while IFS= read -r line; do
              # keep the user informed without flooding: one line a minute max
              now=$(date +%s); if [ $(( now - ${last:-0} )) -ge 60 ]; then echo "[mmcv build $(date +%H:%M:%S)] ${line:0:150}"; last=$now; fi
            done )
      rm -rf "$BUILD"
      WHEEL=$(ls "$WHEELHOUSE"/mmcv-${MMCV_VERSION}-*.whl | head -n1)
    fi
    flock -u 9
  fi
  log "installing cached mmcv wheel $WHEEL"
  "${PIP[@]}" install -q --no-deps --force-reinstall "$WHEEL"
  "${PIP[@]}" install -q -c "$CONSTRAINTS" addict mmengine numpy packaging \
    Pillow pyyaml yapf opencv-python
  mmcv_ok || { echo "mmcv.ops does not work after install" >&2; exit 1; }
fi

log "installing project requirements"
"${PIP[@]}" install -q -c "$CONSTRAINTS" -r requirements.txt
"${PIP[@]}" install -q --no-deps --no-build-isolation -e .
log "environment ready: $VENV"
