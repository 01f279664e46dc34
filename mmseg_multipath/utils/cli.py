"""Command-line helpers shared by tools/: one clear line for bad input."""
import os
import pickle
import sys
import traceback
from typing import Callable

DEBUG_ENV = 'MMSEG_MP_DEBUG'

# Exceptions whose message already names the file/key and the problem: the
# tools print that message alone (set MMSEG_MP_DEBUG=1 for the traceback).
_USER_ERRORS = (FileNotFoundError, KeyError, TypeError, ValueError,
                ImportError, OSError, FloatingPointError)


def _message(e: BaseException) -> str:
    msg = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
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
    import json
    import time
    data = {'message': {'message': line, 'extraInfo': {
        'py_callstack': line, 'timestamp': str(int(time.time()))}}}
    try:
        with open(path, 'w') as f:
            json.dump(data, f)
    except OSError:
        pass


def run_cli(main: Callable[[], None]) -> None:
    """Run a tool's ``main``; turn user errors into one line and exit 2."""
    try:
        main()
    except _USER_ERRORS + (pickle.UnpicklingError, ) as e:
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        _record_for_torchrun(f'error: {_message(e)}')
        print(f'\nerror: {_message(e)}', file=sys.stderr)
        if not os.environ.get(DEBUG_ENV):
            print(f'(set {DEBUG_ENV}=1 to see the traceback; checkpoints '
                  'already saved in the work dir are kept)', file=sys.stderr)
        sys.exit(2)
