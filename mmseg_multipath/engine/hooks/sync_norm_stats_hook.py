"""Average the norm layers' running statistics over the data-parallel
ranks before every checkpoint and validation.

With plain BatchNorm under DDP (the CPU/gloo runs; mmengine wraps with
``broadcast_buffers=False``) every rank keeps its own running statistics.
Rank 0 saves the checkpoint while all ranks validate with their own
statistics, so the mIoU logged during training differs from what
``tools/test.py`` gives on the saved checkpoint. This hook all-reduces
(mean) the floating-point buffers of the model right before a checkpoint is
due or validation runs (priority ``HIGH``: before ``CheckpointHook``), so
the logged validation and the saved checkpoint use the same statistics.
SyncBN runs already have equal statistics; there it changes nothing. A
no-op outside distributed training.
"""
from mmengine.dist import all_reduce_params, is_distributed
from mmengine.hooks import CheckpointHook, Hook
from mmseg.registry import HOOKS


@HOOKS.register_module()
class SyncNormStatsHook(Hook):
    """Mean of the model's floating-point buffers over ranks before each
    checkpoint and validation (see module doc)."""
    priority = 'HIGH'

    @staticmethod
    def _sync(runner) -> None:
        bufs = [b for b in runner.model.buffers() if b.is_floating_point()]
        if bufs:
            all_reduce_params(bufs, op='mean')

    def _due(self, runner) -> bool:
        if self.is_last_train_iter(runner):
            return True
        loop = runner.train_loop
        val_interval = getattr(loop, 'val_interval', 0)
        if getattr(runner, 'val_loop', None) is not None and val_interval \
                and runner.iter + 1 >= getattr(loop, 'val_begin', 1) \
                and self.every_n_train_iters(runner, val_interval):
            return True
        return any(isinstance(h, CheckpointHook) and not h.by_epoch and
                   h.interval > 0 and
                   self.every_n_train_iters(runner, h.interval)
                   for h in runner.hooks)

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        if is_distributed() and self._due(runner):
            self._sync(runner)

    def after_train_epoch(self, runner) -> None:
        if is_distributed():
            self._sync(runner)


__all__ = ['SyncNormStatsHook']
