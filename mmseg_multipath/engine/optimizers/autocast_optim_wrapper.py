"""Mixed-precision training without a loss scaler: bf16 autocast on the
CPU (and on GPUs that support bf16).

mmengine's ``AmpOptimWrapper`` refuses a machine without an accelerator
(it asserts CUDA, NPU or MLU) and always brings a ``GradScaler``, which
bfloat16 does not need: bf16 has float32's exponent range, so gradients
neither underflow nor overflow where float32's would not. This wrapper is
mmengine's ``OptimWrapper`` (gradient accumulation, clipping, state dict)
with the forward pass (``optim_context``: data preprocessor, model,
losses) under ``torch.autocast``; backward runs outside it, as PyTorch
recommends, and parameters, gradients and optimizer state stay float32::

    optim_wrapper = dict(type='AutocastOptimWrapper', optimizer=...)

``tools/train.py --amp`` chooses it on the CPU. Where the device has no
native bf16 (:func:`~mmseg_multipath.utils.autocast.autocast_plan`), it
logs one line and trains in float32. It logs which mode runs once, at the
first iteration.
"""
import logging
from contextlib import contextmanager

import torch
import torch.nn as nn
from mmengine.logging import print_log
from mmengine.optim import OptimWrapper
from mmseg.registry import OPTIM_WRAPPERS

from ...utils.autocast import autocast_plan, to_dtype


@OPTIM_WRAPPERS.register_module()
class AutocastOptimWrapper(OptimWrapper):
    """``OptimWrapper`` whose forward pass runs under ``torch.autocast``.

    Args:
        dtype (str): 'bfloat16' (default). 'float16' is accepted on CUDA
            only, where mmengine's ``AmpOptimWrapper`` (loss scaling) is
            the better choice.
        **kwargs: as ``OptimWrapper`` (optimizer, accumulative_counts,
            clip_grad).
    """

    def __init__(self, *args, dtype: str = 'bfloat16', **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dtype = to_dtype(dtype)
        self._enabled = {}  # device type -> autocast on?

    def autocast_enabled(self, device_type: str) -> bool:
        """Whether the forward pass on ``device_type`` runs in ``dtype``
        (decided once per device type, logged then)."""
        if device_type not in self._enabled:
            enabled, _, why = autocast_plan(device_type, self.dtype)
            self._enabled[device_type] = enabled
            print_log(f'AutocastOptimWrapper: {why}', logger='current',
                      level=logging.INFO if enabled else logging.WARNING)
        return self._enabled[device_type]

    @contextmanager
    def optim_context(self, model: nn.Module):
        param = next(model.parameters(), None)
        device_type = 'cpu' if param is None else param.device.type
        enabled = self.autocast_enabled(device_type)
        with super().optim_context(model), torch.autocast(
                device_type, dtype=self.dtype, enabled=enabled):
            yield
