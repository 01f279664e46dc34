"""Fuse AGC with the in-place activation of mmcv ``ConvModule`` s.

mmcv's ``ConvModule`` runs conv -> norm -> act with the activation applied
in place (``inplace=True`` by default for ReLU and LeakyReLU). When the norm
is :class:`~mmseg_multipath.models.layers.agc.AGC`, this patch (applied on
``import mmseg_multipath``) tells the AGC layer which activation follows, so
that it keeps only its (activated) output for backward instead of its input:
the In-Place ABN trick. ConvModules with another order, a non-in-place or
another activation keep AGC's default, input-keeping mode.
"""
import torch.nn as nn
from mmcv.cnn import ConvModule

from .agc import AGC


def _inplace_slope(act: nn.Module):
    """0.0 for in-place ReLU, the slope for in-place LeakyReLU, else None."""
    if isinstance(act, nn.ReLU) and act.inplace:
        return 0.0
    if isinstance(act, nn.LeakyReLU) and act.inplace and \
            act.negative_slope > 0:
        return float(act.negative_slope)
    return None


def fuse_agc_act(module: ConvModule) -> None:
    """Set the fused mode of a ConvModule's AGC norm from its activation."""
    norm = getattr(module, 'norm', None) if module.with_norm else None
    if not isinstance(norm, AGC):
        return
    order = list(module.order)
    slope = None
    if module.with_activation and \
            order.index('act') == order.index('norm') + 1:
        slope = _inplace_slope(module.activate)
    norm.fuse_inplace_act(slope)


def patch_conv_module() -> None:
    """Wrap ``ConvModule.__init__`` once so every new instance is fused."""
    if getattr(ConvModule, '_mmseg_mp_agc', False):
        return
    original = ConvModule.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        fuse_agc_act(self)

    __init__.__doc__ = original.__doc__
    ConvModule.__init__ = __init__
    ConvModule._mmseg_mp_agc = True
