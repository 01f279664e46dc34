#!/usr/bin/env bash
# Usage: bash tools/dist_train.sh CONFIG NUM_PROCS [train.py args...]
# torchrun launcher (tools/dist_launch.sh); on a machine without CUDA the
# processes use gloo on CPU.
exec bash "$(dirname "$0")/dist_launch.sh" train.py "$2" "$1" "${@:3}"
