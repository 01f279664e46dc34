"""One training run per work dir; a killed run leaves it usable."""
import os
import signal
import subprocess
import sys
import time

import pytest

from mmseg_multipath.utils.work_dir_lock import WorkDirBusyError, lock_work_dir

HOLD = ('import sys, time; from mmseg_multipath.utils.work_dir_lock import '
        'lock_work_dir; f = lock_work_dir(sys.argv[1]); print("held", '
        'flush=True); time.sleep(60)')


def test_second_run_refused_and_kill_releases(tmp_path):
    holder = subprocess.Popen([sys.executable, '-c', HOLD, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == 'held'
        with pytest.raises(WorkDirBusyError) as e:
            lock_work_dir(str(tmp_path))
        assert f'pid {holder.pid}' in str(e.value)
        assert str(tmp_path) in str(e.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    f = lock_work_dir(str(tmp_path))  # nothing stuck after a SIGKILL
    f.close()


def test_signals_end_a_block_as_keyboard_interrupt():
    from mmseg_multipath.utils.signals import stop_on_signals
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        with stop_on_signals() as stopped:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
    assert stopped.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before
