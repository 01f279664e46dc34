"""Fuse AGC with the in-place activation that follows it: an explicit
pass over a built model, :func:`fuse_agc`.

AGC keeps only its (activated) output for backward when it knows that an
in-place ReLU/LeakyReLU follows (the In-Place ABN trick, see
:mod:`~mmseg_multipath.models.layers.agc`). A norm layer cannot see what
follows it, so :func:`fuse_agc` walks a model and sets the fused mode
where the pairing is known:

* mmcv ``ConvModule``: conv -> norm -> act with an in-place activation
  right after the norm (mmcv's default for ReLU and LeakyReLU);
* mmseg ``BasicBlock`` (``norm1`` -> in-place ReLU) and ``Bottleneck``
  (``norm1`` and ``norm2`` -> in-place ReLU; ``norm2``/``norm3`` before the
  in-place residual add stay in the input-keeping mode);
* mmseg ``ResNet`` stems (``norm1`` -> ReLU, or the deep stem's
  ``Sequential`` of conv, norm, in-place ReLU);
* any module that declares its pairs itself with a ``norm_act_pairs()``
  method returning ``[(norm, act), ...]`` (the toolbox's pre-activation
  units, ``WiderResNet``'s final norm).

Importing the plugin changes none of these classes; the pass changes only
the AGC modules of the model it is given. Constructors only build: the one
place a training run applies the pass is
:class:`~mmseg_multipath.engine.hooks.AGCFusionHook`.
"""
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmseg.models.backbones.resnet import BasicBlock, Bottleneck, ResNet

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
    ReLU/LeakyReLU that directly follows it (no-op for other norms). The
    pairing is checked at every training step: ``act`` signs for the
    in-place change it makes to the norm's output, and any other change
    raises in backward instead of giving wrong gradients."""
    if isinstance(norm, AGC):
        norm.fuse_inplace_act(_inplace_slope(act), act)


def fuse_agc_act(module: ConvModule) -> None:
    """Set the fused mode of a ConvModule's AGC norm from its activation."""
    if not module.with_norm:
        return
    order = list(module.order)
    act = module.activate if module.with_activation and \
        order.index('act') == order.index('norm') + 1 else None
    fuse_norm_act(module.norm, act)


def fuse_sequential(seq: nn.Sequential) -> None:
    """Fuse every AGC directly followed by an in-place activation."""
    children = list(seq)
    for norm, act in zip(children, children[1:]):
        fuse_norm_act(norm, act)


def _fuse_resnet_stem(net) -> None:
    if getattr(net, 'deep_stem', False):
        fuse_sequential(net.stem)
    else:
        fuse_norm_act(net.norm1, net.relu)


def fuse_agc(model: nn.Module) -> nn.Module:
    """Run every AGC of ``model`` that an in-place ReLU/LeakyReLU directly
    follows in its fused, memory-saving mode; returns ``model``.

    Knows where the norm-activation pairs are in mmcv's ``ConvModule``,
    mmseg's ResNet stem, ``BasicBlock`` and ``Bottleneck`` (and the
    toolbox's subclasses with their own ``act``). Everything else keeps
    AGC's default, input-keeping mode, which is safe anywhere. A no-op for
    models without AGC. Training runs apply it once, through
    ``AGCFusionHook`` (every config has it); constructors never do.
    """
    for m in model.modules():
        if hasattr(m, 'norm_act_pairs'):
            for norm, act in m.norm_act_pairs():
                fuse_norm_act(norm, act)
        elif isinstance(m, ConvModule):
            fuse_agc_act(m)
        elif isinstance(m, BasicBlock):
            fuse_norm_act(m.norm1, getattr(m, 'act', m.relu))
        elif isinstance(m, Bottleneck):
            act = getattr(m, 'act', m.relu)
            fuse_norm_act(m.norm1, act)
            fuse_norm_act(m.norm2, act)
        elif isinstance(m, ResNet):
            _fuse_resnet_stem(m)
    return model
