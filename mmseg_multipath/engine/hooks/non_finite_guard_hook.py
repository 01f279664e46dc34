"""Stop training at the first non-finite loss or weight, before a
checkpoint is written.

A diverged run (a learning rate far too large, a bad label value that slips
into a loss, an fp16 overflow without loss scaling) turns the loss into
NaN or Inf; the optimiser step then writes NaN into the weights, every
later checkpoint is garbage and ``max_keep_ckpts`` rotates the good ones
out. This hook looks at every loss term the model logs and, cheaply, at
the weights after the step (one fused max-abs reduction over all weights, which
catches non-finite gradients and overflowing BN statistics that a finite
loss hid), and raises
:class:`NonFiniteLossError` naming the iteration and the term. It runs
after the optimiser step but before mmengine's ``CheckpointHook`` and
``LoggerHook`` (priority ``VERY_HIGH``), so no non-finite checkpoint is
saved and no finite one is deleted.

On by default in the project's runtimes (``configs/_base_/
default_runtime.py``); experts opt out with ``custom_hooks`` without it,
or keep the loss check and drop the weight check with
``check_params=False``. Under AMP with dynamic loss scaling, overflowing
gradients are skipped by the scaler and never reach the weights, so the
weight check does not fire for them.
"""
import math
from typing import Optional

import torch
from mmengine.hooks import Hook
from mmseg.registry import HOOKS


class NonFiniteLossError(FloatingPointError):
    """Training produced a NaN/Inf loss or weight (run stopped)."""


def _value(v) -> Optional[float]:
    if isinstance(v, torch.Tensor):
        return float(v.detach().float().mean()) if v.numel() else None
    if isinstance(v, (int, float)):
        return float(v)
    return None


@HOOKS.register_module()
class NonFiniteGuardHook(Hook):
    """Raise :class:`NonFiniteLossError` at the first non-finite loss term
    (or weight, ``check_params``) of a training iteration.

    Args:
        check_params (bool): also check that every trainable weight and
            floating-point buffer (BN statistics) is finite after the step.
            Default True.
    """
    priority = 'VERY_HIGH'

    def __init__(self, check_params: bool = True) -> None:
        self.check_params = check_params

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        it = runner.iter + 1  # the iteration just run, as the logs count
        values = {k: _value(v) for k, v in (outputs or {}).items()
                  if 'loss' in k}
        bad = [(k, v) for k, v in values.items()
               if v is not None and not math.isfinite(v)]
        if bad:
            terms = ', '.join(f'{k}={v}' for k, v in bad)
            raise NonFiniteLossError(
                f'non-finite loss at iteration {it}: {terms}. Training '
                'stopped before saving; checkpoints already in '
                f'"{runner.work_dir}" are kept. Lower the learning rate, '
                'check the labels, or clip gradients (optim_wrapper.'
                'clip_grad).')
        if self.check_params:
            name = self._first_non_finite_param(runner.model)
            if name is not None:
                raise NonFiniteLossError(
                    f'non-finite weight or statistic {name} after iteration '
                    f'{it} (the loss was finite: a gradient or a running '
                    'statistic overflowed). Training '
                    'stopped before saving; checkpoints already in '
                    f'"{runner.work_dir}" are kept. Lower the learning rate '
                    'or clip gradients (optim_wrapper.clip_grad).')

    @staticmethod
    def _first_non_finite_param(model) -> Optional[str]:
        # weights and floating-point buffers (BN running statistics overflow
        # first: batch-normalised training keeps the loss finite)
        named = [(n, p) for n, p in model.named_parameters()
                 if p.requires_grad and p.is_floating_point()] + [
                     (n, b) for n, b in model.named_buffers()
                     if b.is_floating_point() and b.numel()]
        if not named:
            return None
        # max-abs norms: NaN and Inf propagate, large finite values do not
        # overflow as a 2-norm's squares would
        norms = torch._foreach_norm([p.detach() for _, p in named],
                                    ord=float('inf'))
        finite = torch.isfinite(torch.stack(norms))
        if bool(finite.all()):
            return None
        return named[int((~finite).nonzero()[0])][0]


__all__ = ['NonFiniteGuardHook', 'NonFiniteLossError']
