#!/usr/bin/env bash
# One command for the test suite: set up .venv if needed (first time ~15 min:
# mmcv is compiled once per machine), then the lint gate, then pytest.
#   bash tools/run_tests.sh                 the full suite (what CI runs)
#   bash tools/run_tests.sh -m "not slow"   the fast tier (tests/slow_tests.txt)
#   bash tools/run_tests.sh tests/PATH ...  the tests named, in one process
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash tools/setup_env.sh
bash tools/lint.sh
PY=.venv/bin/python
for arg in "$@"; do
  case "$arg" in tests|tests/*) exec "$PY" -m pytest "$@" ;; esac
done
# The full suite runs as two pytest processes. In one process, the
# in-process OpenVINO / onnxruntime / export tests of the first group
# followed by the training tests of the second ended in a segmentation
# fault at the AGC SegNet demo test (2026-12-06, AMD EPYC Zen 4; each group
# and each test passes alone). The cause was not found; the split keeps
# the first group's native runtimes out of the training tests' process.
FIRST=(tests/test_analysis tests/test_apis tests/test_configs
       tests/test_datasets tests/test_deployment)
SECOND=(tests/test_engine tests/test_install.py tests/test_models
        tests/test_repo_paths.py tests/test_slow_list.py tests/test_tools
        tests/test_utils)
rc=0
"$PY" -m pytest "${FIRST[@]}" "$@" || rc=$?
"$PY" -m pytest "${SECOND[@]}" "$@" || rc=$?
exit $rc
