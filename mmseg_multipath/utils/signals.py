"""SIGTERM and SIGINT as a clean stop of a long job.

A job scheduler's SIGTERM and a user's Ctrl-C both end a training run
through ``KeyboardInterrupt``, so that the tool prints one line (where it
stopped, how to resume) and exits 128 + the signal's number (130 / 143),
as a shell does, instead of a traceback.
"""
import contextlib
import signal


class _Stopped:
    signum = None


@contextlib.contextmanager
def stop_on_signals(signums=(signal.SIGINT, signal.SIGTERM)):
    """Turn ``signums`` into ``KeyboardInterrupt`` inside the block; the
    yielded object's ``signum`` tells which arrived. Earlier handlers come
    back on exit."""
    stopped = _Stopped()

    def handler(signum, frame):
        stopped.signum = signum
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, handler) for s in signums}
    try:
        yield stopped
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
