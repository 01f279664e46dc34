"""One training run per work dir.

Two runs in one work dir interleave their checkpoints, logs and config
dumps. ``tools/train.py`` holds an exclusive ``fcntl`` lock on
``WORK_DIR/.train.lock`` for its whole run (rank 0 only); a second run
into the same work dir stops at once with one line naming the first. The
kernel drops the lock when the holding process ends, however it ends, so a
killed run never leaves the work dir locked; the file itself may stay.

``lock_folder`` locks an output folder itself (``tools/predict.py -o``:
two runs at once would mix their outputs) without leaving a file in it;
the second run names the first from the kernel's lock table.
"""
import fcntl
import os
import os.path as osp
import socket
import time

LOCK_NAME = '.train.lock'


class WorkDirBusyError(OSError):
    """Another process trains into this work dir."""


def lock_work_dir(work_dir: str):
    """Take the work dir's lock; returns the open lock file (keep it open
    for as long as the run lasts). Raises :class:`WorkDirBusyError`."""
    os.makedirs(work_dir, exist_ok=True)
    path = osp.join(work_dir, LOCK_NAME)
    f = open(path, 'a+')
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.seek(0)
        holder = f.read().strip() or 'another process'
        f.close()
        raise WorkDirBusyError(
            f'work dir "{osp.abspath(work_dir)}" is in use by a training run '
            f'({holder}); wait for it to end, stop it, or pass another '
            '--work-dir') from None
    f.seek(0)
    f.truncate()
    f.write(f'pid {os.getpid()} on {socket.gethostname()}, started '
            f'{time.strftime("%Y-%m-%d %H:%M:%S")}\n')
    f.flush()
    return f


def _flock_holder(path: str) -> str:
    """'pid N' of the process holding a flock on ``path`` (Linux's
    /proc/locks), or 'another process'."""
    ino = os.stat(path).st_ino
    try:
        with open('/proc/locks') as f:
            for line in f:
                parts = line.split()
                if 'FLOCK' in parts and len(parts) > 5 and \
                        parts[5].rsplit(':', 1)[-1] == str(ino):
                    return f'pid {parts[4]}'
    except OSError:
        pass
    return 'another process'


def lock_folder(folder: str, user: str, flag: str) -> int:
    """Lock the folder ``folder`` for this process (created if missing);
    returns the open descriptor (keep it for as long as the run lasts).
    Raises :class:`WorkDirBusyError` naming the holder, ``user`` (what
    holds it) and ``flag`` (how to choose another folder)."""
    os.makedirs(folder, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise WorkDirBusyError(
            f'output folder "{osp.abspath(folder)}" is in use by {user} '
            f'({_flock_holder(folder)}); wait for it to end, stop it, or '
            f'pass another {flag}') from None
    return fd
