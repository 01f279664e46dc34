#!/usr/bin/env bash
# Usage: bash tools/dist_launch.sh SCRIPT NUM_PROCS [SCRIPT args...]
# torchrun launcher behind dist_train.sh and dist_test.sh: runs
# tools/SCRIPT in NUM_PROCS processes with --launcher pytorch (gloo on a
# machine without CUDA, nccl with it). Multi-node: NNODES, NODE_RANK,
# MASTER_ADDR, PORT; the interpreter: PYTHON (default .venv/bin/python).
SCRIPT=$1
NPROC=$2
shift 2
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=python
exec "$PY" -m torch.distributed.run \
    --nnodes="${NNODES:-1}" --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" \
    --nproc_per_node="$NPROC" --master_port="${PORT:-29500}" \
    "$ROOT/tools/$SCRIPT" "$@" --launcher pytorch
