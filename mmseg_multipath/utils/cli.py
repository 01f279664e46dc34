"""Command-line helpers shared by tools/: one clear line for bad input."""
import argparse
import json
import os
import pickle
import re
import sys
import time
import traceback
import warnings
from typing import Callable

from mmengine.config import DictAction

DEBUG_ENV = 'MMSEG_MP_DEBUG'

# Exceptions whose message already names the file/key and the problem: the
# tools print that message alone (set MMSEG_MP_DEBUG=1 for the traceback).
_USER_ERRORS = (FileNotFoundError, KeyError, TypeError, ValueError,
                ImportError, OSError, FloatingPointError, MemoryError)


def _message(e: BaseException) -> str:
    msg = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
    if isinstance(e, MemoryError) and not msg:
        msg = ('out of memory (a memory limit such as ulimit -v, or the '
               'machine\'s memory); free memory or lift the limit')
    if 'Original Traceback' in msg:  # re-raised from a data loader worker
        msg = [line for line in msg.splitlines() if line.strip()][-1]
        msg = msg.split(': ', 1)[-1]
    # mmengine wraps build errors as "class `A` in file: class `B`...: msg";
    # keep the chain, it names the config path of the bad key.
    return f'{type(e).__name__}: {msg}'


def _record_for_torchrun(line: str) -> None:
    """Under torchrun, write ``line`` to torch elastic's error file (the
    format of its ``@record``), so that the failure summary torchrun prints
    last shows the message instead of a bare exit code."""
    path = os.environ.get('TORCHELASTIC_ERROR_FILE')
    if not path:
        return
    data = {'message': {'message': line, 'extraInfo': {
        'py_callstack': line, 'timestamp': str(int(time.time()))}}}
    try:
        with open(path, 'w') as f:
            json.dump(data, f)
    except OSError:
        pass


# mmseg's warnings on building any model that a user of a tool cannot act
# on: its own deprecated builder, called by mmseg itself, and the loss
# averaging of a model that only predicts (training keeps that one: the
# config can set avg_non_ignore)
_MMSEG_BUILD_NOISE = r'``build_loss`` would be deprecated soon'
_LOSS_AVERAGING = r'Default ``avg_non_ignore`` is False'


def quiet_mmseg_build_warnings(training: bool) -> None:
    """Drop the warnings above (the second one only where ``training`` is
    false) in this process."""
    warnings.filterwarnings('ignore', message=_MMSEG_BUILD_NOISE,
                            category=UserWarning)
    if not training:
        warnings.filterwarnings('ignore', message=_LOSS_AVERAGING,
                                category=UserWarning)


def run_cli(main: Callable[[], None], keeps_checkpoints: bool = False
            ) -> None:
    """Run a tool's ``main``; turn user errors into one line and exit 2.
    ``keeps_checkpoints``: the tool trains with atomic checkpoints, so the
    line can say that those already saved are intact (and mmseg's loss
    averaging warning stays: a training config can act on it)."""
    quiet_mmseg_build_warnings(training=keeps_checkpoints)
    try:
        main()
    except _USER_ERRORS + (pickle.UnpicklingError, ) as e:
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        _record_for_torchrun(f'error: {_message(e)}')
        print(f'\nerror: {_message(e)}', file=sys.stderr)
        if not os.environ.get(DEBUG_ENV):
            kept = ('; checkpoints already saved in the work dir are kept'
                    if keeps_checkpoints else '')
            print(f'(set {DEBUG_ENV}=1 to see the traceback{kept})',
                  file=sys.stderr)
        sys.exit(2)


def _balanced(text: str) -> bool:
    depth = []
    pairs = {')': '(', ']': '['}
    for ch in text:
        if ch in '([':
            depth.append(ch)
        elif ch in ')]':
            if not depth or depth.pop() != pairs[ch]:
                return False
    return not depth


class CfgOptionsAction(DictAction):
    """mmengine's ``DictAction`` with each ``KEY=VALUE`` checked first: one
    argparse error naming the item for a missing ``=``, an empty or
    malformed key, or unbalanced brackets (mmengine: a traceback), and a
    warning for spaces, which mmengine drops from values."""

    KEY = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$')

    def __call__(self, parser, namespace, values, option_string=None):
        for item in values:
            if '=' not in item:
                raise argparse.ArgumentError(
                    self, f'"{item}" is not KEY=VALUE (no "=")')
            key, value = item.split('=', 1)
            if not self.KEY.match(key):
                raise argparse.ArgumentError(
                    self, f'"{item}": "{key}" is not a config key (dotted '
                    'names such as train_cfg.max_iters)')
            if not _balanced(value):
                raise argparse.ArgumentError(
                    self, f'{key}: unbalanced brackets in "{value}"')
            if ' ' in value.strip('\'"').strip():
                print(f'warning: --cfg-options {key}: the spaces in '
                      f'"{value}" are dropped (mmengine reads '
                      f'"{value.replace(" ", "")}")', file=sys.stderr)
        super().__call__(parser, namespace, values, option_string)
