"""Progress from the first training iteration.

mmengine's ``LoggerHook`` prints its first line after ``interval``
iterations (20 in mmseg's runtime): at full CamVid size on a loaded 2-core
CPU that is 9.5 minutes of silence, and its first ETA, taken over an
iteration that includes the start-up, can read "1 day". Until the
logger's first line of a run (a resumed one too), this hook prints one
line per iteration: the iteration, the seconds per iteration so far
(start-up excluded from the second iteration on) and the ETA they give.
The logger's lines take over from then on.

After ``--resume`` mmengine's ``IterBasedTrainLoop`` first advances the
data loader over every batch already trained (minutes at CamVid size with
``num_workers=0``) between ``before_train_epoch`` and the first iteration.
mmengine's ``IterTimerHook`` counts that wait as the first iteration's
time, so the logger's ETA after a resume read "20:42:49" for a 45-minute
remainder. This hook starts its own clock at the first trained iteration
and restarts ``IterTimerHook``'s there too (its ``t``, the time of the
last iteration's end: a private attribute of mmengine 0.10.x, checked by
``tests/test_engine/test_early_progress_hook.py`` on a real resumed run).
"""
import datetime
import time

from mmengine.hooks import Hook, IterTimerHook
from mmengine.logging import print_log
from mmseg.registry import HOOKS


def _logger_interval(runner) -> int:
    for hook in runner.hooks:
        if type(hook).__name__ == 'LoggerHook':
            return max(1, int(getattr(hook, 'interval', 1)))
    return 1


@HOOKS.register_module()
class EarlyProgressHook(Hook):
    """One line per training iteration until the logger's first (see
    module doc)."""
    # before IterTimerHook ('NORMAL'), so that its clock restarts before it
    # reads it at the first iteration
    priority = 'ABOVE_NORMAL'

    def before_train(self, runner) -> None:
        self._resumed = runner.iter > 0  # the loop advances the loader first
        self._interval = _logger_interval(runner)
        self._times = []
        self._last = None  # set at the first trained iteration
        self._done = False

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        if self._last is not None:
            return
        self._last = time.perf_counter()
        if self._resumed:
            for hook in runner.hooks:
                if isinstance(hook, IterTimerHook) and hasattr(hook, 't'):
                    hook.t = time.time()

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        now = time.perf_counter()
        self._times.append(now - self._last)
        self._last = now
        it = runner.iter + 1  # the iteration just finished, 1-based
        # the logger prints at multiples of its interval: stop at the first
        if self._done or it % self._interval == 0:
            self._done = True
            return
        steady = self._times[1:] or self._times
        per_it = sum(steady) / len(steady)
        left = max(runner.max_iters - it, 0) * per_it
        eta = str(datetime.timedelta(seconds=int(left)))
        print_log(
            f'Iter(train) [{it}/{runner.max_iters}]  {per_it:.2f} s/it so '
            f'far, eta: {eta}  (the logger takes over at iteration '
            f'{(it // self._interval + 1) * self._interval})',
            logger='current')
