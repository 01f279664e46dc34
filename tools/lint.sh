#!/usr/bin/env bash
# The lint gate: flake8 and isort (settings in setup.cfg, mmseg's rules)
# over the package, the tools, the tests and the configs, and where imports
# may stand in the package and the tools (tools/lint_imports.py). Exits non-zero
# with the findings; `bash tools/lint.sh --fix` sorts the imports in place.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
if [ "${1:-}" = "--fix" ]; then
  "$PY" -m isort mmseg_multipath tools tests setup.py
fi
"$PY" -m isort --check-only --quiet mmseg_multipath tools tests setup.py
"$PY" -m flake8 mmseg_multipath tools tests configs setup.py
"$PY" tools/lint_imports.py
echo "lint: clean (flake8, isort, imports)"
