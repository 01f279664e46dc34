"""Fuse AGC with the in-place activation that follows it, where the code
that uses the norm is known: mmcv's ``ConvModule`` and mmseg's ResNet.

AGC keeps only its (activated) output for backward when it knows that an
in-place ReLU/LeakyReLU follows (the In-Place ABN trick, see
:mod:`~mmseg_multipath.models.layers.agc`). Norm layers cannot see what
follows them, so :func:`patch_agc_fusion` (applied on ``import
mmseg_multipath``) wraps the constructors of:

* mmcv ``ConvModule``: conv -> norm -> act with an in-place activation
  right after the norm (mmcv's default for ReLU and LeakyReLU);
* mmseg ``BasicBlock`` (``norm1`` -> in-place ReLU) and ``Bottleneck``
  (``norm1`` and ``norm2`` -> in-place ReLU; ``norm2``/``norm3`` before the
  in-place residual add stay in the input-keeping mode);
* mmseg ``ResNet`` stems (``norm1`` -> ReLU, or the deep stem's
  ``Sequential`` of conv, norm, in-place ReLU).

Everything else keeps AGC's default, input-keeping mode, which is safe
anywhere.
"""
import torch.nn as nn
from mmcv.cnn import ConvModule

from .agc import AGC


def _inplace_slope(act):
    """0.0 for in-place ReLU, the slope for in-place LeakyReLU, else None."""
    if isinstance(act, nn.ReLU) and act.inplace:
        return 0.0
    if isinstance(act, nn.LeakyReLU) and act.inplace and \
            act.negative_slope > 0:
        return float(act.negative_slope)
    return None


def fuse_norm_act(norm, act) -> None:
    """Run an AGC ``norm`` fused with ``act`` when ``act`` is an in-place
    ReLU/LeakyReLU that directly follows it (no-op for other norms)."""
    if isinstance(norm, AGC):
        norm.fuse_inplace_act(_inplace_slope(act))


_fuse = fuse_norm_act


def fuse_agc_act(module: ConvModule) -> None:
    """Set the fused mode of a ConvModule's AGC norm from its activation."""
    if not module.with_norm:
        return
    order = list(module.order)
    act = module.activate if module.with_activation and \
        order.index('act') == order.index('norm') + 1 else None
    _fuse(module.norm, act)


def fuse_sequential(seq: nn.Sequential) -> None:
    """Fuse every AGC directly followed by an in-place activation."""
    children = list(seq)
    for norm, act in zip(children, children[1:]):
        _fuse(norm, act)


def _wrap_init(cls, after) -> None:
    if cls.__dict__.get('_mmseg_mp_agc', False):
        return
    original = cls.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        after(self)

    __init__.__doc__ = original.__doc__
    cls.__init__ = __init__
    cls._mmseg_mp_agc = True


def _after_resnet(net) -> None:
    if getattr(net, 'deep_stem', False):
        fuse_sequential(net.stem)
    else:
        _fuse(net.norm1, net.relu)


def patch_agc_fusion() -> None:
    """Install the constructor wrappers (idempotent)."""
    from mmseg.models.backbones.resnet import BasicBlock, Bottleneck, ResNet
    _wrap_init(ConvModule, fuse_agc_act)
    _wrap_init(BasicBlock, lambda b: _fuse(b.norm1, b.relu))
    _wrap_init(Bottleneck, lambda b: (_fuse(b.norm1, b.relu),
                                      _fuse(b.norm2, b.relu)))
    _wrap_init(ResNet, _after_resnet)
