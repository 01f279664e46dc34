#!/usr/bin/env bash
# One command for the test suite: set up .venv if needed (first time ~35 min:
# mmcv is compiled once per machine), then the lint gate, then pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash tools/setup_env.sh
bash tools/lint.sh
exec .venv/bin/python -m pytest tests "$@"
