#!/usr/bin/env bash
# One command for a fresh clone: set up .venv (first time ~35 min: mmcv is
# compiled once per machine), then run the CPU demo (a few minutes).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash tools/setup_env.sh
exec .venv/bin/python tools/demo.py "$@"
