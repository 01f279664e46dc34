"""``PendingValidationHook``: a validation cut short runs again on resume.

mmengine writes the checkpoint of iteration N, then validates. A run that
stops during that validation (SIGTERM from a scheduler, Ctrl-C, a crash, a
lost machine) resumes from iteration N and trains on: the metrics of N are
never computed, and with ``save_best`` the best checkpoint may be missing.

This hook writes ``WORK_DIR/validation_pending.json`` (``{"iter": N}``) when
a validation inside training starts and deletes it when the validation
ends. A resumed run that finds the file for its own iteration runs that
validation before its first training iteration, with the priority
``HIGHEST`` so that it comes before ``IterSeedHook`` re-seeds the
iteration: the resumed run then follows the uninterrupted one exactly
(validation first, then iteration N + 1). A stale file (another iteration)
is removed. Standalone ``runner.val()`` / ``runner.test()`` write nothing.
"""
import json
import os
import os.path as osp
from typing import Optional

from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmseg.registry import HOOKS

from ...utils.files import atomic_output

MARKER = 'validation_pending.json'


def read_pending(work_dir: str) -> Optional[int]:
    """The iteration whose validation was cut short in ``work_dir``, or
    None (no file, or a file that is not this hook's)."""
    try:
        with open(osp.join(work_dir, MARKER)) as f:
            it = json.load(f).get('iter')
    except (OSError, ValueError, AttributeError):
        return None
    return it if isinstance(it, int) else None


@HOOKS.register_module()
class PendingValidationHook(Hook):
    """Re-run on resume a validation that a stop cut short (module doc)."""
    priority = 'HIGHEST'

    def __init__(self) -> None:
        self._training = False
        self._pending: Optional[int] = None

    def before_train(self, runner) -> None:
        self._training = True
        pending = read_pending(runner.work_dir)
        self._pending = pending if pending == runner.iter and \
            runner.iter > 0 and runner.val_loop is not None else None
        if pending is not None and self._pending is None and \
                is_main_process():
            self._remove(runner)

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        if self._pending is None:
            return
        self._pending = None
        print_log(f'the validation of iteration {runner.iter} was cut short '
                  'before the run stopped: running it now, before training '
                  'goes on', logger='current')
        runner.val_loop.run()
        runner.model.train()

    def after_train(self, runner) -> None:
        self._training = False

    def before_val(self, runner) -> None:
        if self._training and is_main_process():
            with atomic_output(osp.join(runner.work_dir, MARKER)) as part, \
                    open(part, 'w') as f:
                json.dump(dict(iter=runner.iter), f)

    def after_val(self, runner) -> None:
        if self._training and is_main_process():
            self._remove(runner)

    @staticmethod
    def _remove(runner) -> None:
        try:
            os.remove(osp.join(runner.work_dir, MARKER))
        except FileNotFoundError:
            pass
