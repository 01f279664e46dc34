"""Progress bars that know whether they are on a terminal.

mmengine's ``ProgressBar`` redraws itself with a carriage return after
every task: right on a terminal, but in a log file or a pipe each redraw
is kept (the CamVid converter wrote about 700 of them into one line).
:func:`progress_bar` returns mmengine's bar where the stream is a
terminal, and otherwise a :class:`LineProgress` that prints one line at
every tenth of the work (``done/total, percent, elapsed, ETA``; a
``0/total`` line first).
:func:`track` maps a function over tasks (in ``nproc`` processes) with
such a bar, as mmengine's ``track_progress`` / ``track_parallel_progress``
do.
"""
import contextlib
import sys
import time
from multiprocessing import Pool
from typing import Callable, List, Optional, Sequence, TextIO

from mmengine.utils import ProgressBar


class LineProgress:
    """``ProgressBar``'s ``update`` / ``completed`` for a log: one line per
    ``1/steps`` of ``total`` (and the last task), nothing in between."""

    def __init__(self, total: int, file: Optional[TextIO] = None,
                 steps: int = 10):
        self.total, self.completed, self.steps = total, 0, steps
        self.file = file if file is not None else sys.stdout
        self.start = time.perf_counter()
        self._next = 1
        if total > 0:  # progress from the start
            self.file.write(f'0/{total}\n')
            self.file.flush()

    def update(self, num_tasks: int = 1) -> None:
        self.completed += num_tasks
        if self.total <= 0:
            return
        reached = self.completed * self.steps // self.total
        if reached < self._next and self.completed < self.total:
            return
        self._next = reached + 1
        elapsed = time.perf_counter() - self.start
        eta = elapsed * (self.total - self.completed) / max(self.completed, 1)
        self.file.write(f'{self.completed}/{self.total} '
                        f'({100 * self.completed // self.total}%), '
                        f'elapsed {elapsed:.0f}s, ETA {eta:.0f}s\n')
        self.file.flush()


def is_terminal(file: Optional[TextIO] = None) -> bool:
    file = file if file is not None else sys.stdout
    isatty = getattr(file, 'isatty', None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def progress_bar(total: int, file: Optional[TextIO] = None):
    """mmengine's ``ProgressBar`` on a terminal, :class:`LineProgress`
    elsewhere (a log file, a pipe, a test's captured output)."""
    if is_terminal(file):
        return ProgressBar(total, file=file if file is not None
                           else sys.stdout)
    return LineProgress(total, file=file)


def track(func: Callable, tasks: Sequence, nproc: int = 1,
          file: Optional[TextIO] = None, show: bool = True) -> List:
    """``[func(t) for t in tasks]`` with :func:`progress_bar` (none when
    ``show`` is false), in ``nproc`` worker processes when ``nproc > 1``
    (results in the tasks' order)."""
    bar = progress_bar(len(tasks), file) if show else None
    results = []
    with Pool(nproc) if nproc > 1 else contextlib.nullcontext() as pool:
        for res in pool.imap(func, tasks) if pool else map(func, tasks):
            results.append(res)
            if bar:
                bar.update()
    if isinstance(bar, ProgressBar):
        bar.file.write('\n')
    return results


__all__ = ['LineProgress', 'is_terminal', 'progress_bar', 'track']
