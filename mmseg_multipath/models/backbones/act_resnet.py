"""ResNet (V1, torchvision layout) with an activation chosen per position.

The real-time ShelfNet backbones (Zhuang, Yang, "ShelfNet for Fast Semantic
Segmentation", ICCVW 2019; official ``ShelfNet18_realtime/resnet.py`` and
``ShelfNet34_non_realtime/resnet.py``) are torchvision's ResNet-18/34 with
every BatchNorm replaced by In-Place ABN, whose default activation is
LeakyReLU (slope 0.01). That moves the activations:

===========  ================================  ==========================
position     official real-time ResNet         mmseg ``ResNet``
===========  ================================  ==========================
``stem``     conv1 -> BN + LeakyReLU -> pool   conv1 -> BN -> ReLU -> pool
``block``    after bn1 of every block: Leaky   ReLU (bn2 of a Bottleneck
                                               too)
``out``      after the residual sum: ReLU      ReLU
===========  ================================  ==========================

(bn2 and the down-sampling BN use In-Place ABN with activation 'none', so
nothing follows them.) :class:`ActResNet` is mmseg's ``ResNet`` with the
three activations configurable; with the defaults (ReLU everywhere) it *is*
mmseg's ResNet. Parameter and buffer names are unchanged, so torchvision
weights (``torchvision://resnet18``) and mmseg ResNet checkpoints load as
before.

Input (N, 3, H, W); outputs as mmseg's ``ResNet`` (``out_indices``).
"""
import copy

import torch.utils.checkpoint as cp
from mmcv.cnn import build_activation_layer
from mmseg.models.backbones.resnet import BasicBlock, Bottleneck, ResNet
from mmseg.registry import MODELS

from ..layers.residual_add import ResidualAdd
from .freeze import FreezeMixin

RELU = dict(type='ReLU')
# The positions of ActResNet's activations (see the module docstring).
ACT_POSITIONS = ('stem', 'block', 'out')


def _act(cfg):
    """An in-place activation module (in-place like mmseg's ReLUs, so an
    AGC norm before it can run fused by ``fuse_agc``)."""
    cfg = copy.deepcopy(cfg)
    if cfg['type'] in ('ReLU', 'LeakyReLU', 'ELU', 'ReLU6', 'SiLU'):
        cfg.setdefault('inplace', True)
    return build_activation_layer(cfg)


class _ActBlock:
    """The forward both block kinds share: the residual sum of
    ``_residual(x)`` (checkpointed with ``with_cp``), then ``relu`` (the
    ``out`` activation)."""

    def forward(self, x):
        if self.with_cp and x.requires_grad:
            out = cp.checkpoint(self._residual, x, use_reentrant=False)
        else:
            out = self._residual(x)
        return self.relu(out)

    residual_unit = True  # one unit of the path-length experiment

    def _shortcut(self, x):
        return x if self.downsample is None else self.downsample(x)


class ActBasicBlock(_ActBlock, BasicBlock):
    """mmseg ``BasicBlock`` with ``act`` after norm1 and ``relu`` (the
    ``out`` activation) after the residual sum."""

    def __init__(self, *args, act_cfg=RELU, out_act_cfg=RELU, **kwargs):
        super().__init__(*args, **kwargs)
        self.act = _act(act_cfg)
        self.relu = _act(out_act_cfg)
        self.add = ResidualAdd()

    def _residual(self, x):
        out = self.act(self.norm1(self.conv1(x)))
        return self.add(self.norm2(self.conv2(out)), self._shortcut(x))


class ActBottleneck(_ActBlock, Bottleneck):
    """mmseg ``Bottleneck`` with ``act`` after norm1 and norm2 and ``relu``
    (the ``out`` activation) after the residual sum (no plugins)."""

    def __init__(self, *args, act_cfg=RELU, out_act_cfg=RELU, **kwargs):
        super().__init__(*args, **kwargs)
        if self.with_plugins:
            raise ValueError('ActResNet does not support plugins')
        self.act = _act(act_cfg)
        self.relu = _act(out_act_cfg)
        self.add = ResidualAdd()

    def _residual(self, x):
        out = self.act(self.norm1(self.conv1(x)))
        out = self.act(self.norm2(self.conv2(out)))
        return self.add(self.norm3(self.conv3(out)), self._shortcut(x))


@MODELS.register_module()
class ActResNet(FreezeMixin, ResNet):
    """mmseg ``ResNet`` with the activation of each position configurable.

    Args:
        stem_act_cfg (dict): after the stem's norm(s). Default ReLU.
        block_act_cfg (dict): inside every block, after norm1 (and norm2 of
            a Bottleneck). Default ReLU.
        out_act_cfg (dict): after each block's residual sum. Default ReLU.
        **kwargs: mmseg ``ResNet`` arguments (depth, out_indices,
            norm_cfg, frozen_stages, norm_eval, init_cfg, ...).
            ``frozen_stages`` and ``norm_eval`` are the toolbox's
            (``freeze.py``): as mmseg's, except that ``norm_eval`` waits
            for loaded weights.

    The official real-time ShelfNet backbone is
    ``stem_act_cfg=block_act_cfg=dict(type='LeakyReLU',
    negative_slope=0.01)``, ``out_act_cfg=dict(type='ReLU')``.
    """

    def __init__(self, stem_act_cfg=RELU, block_act_cfg=RELU,
                 out_act_cfg=RELU, **kwargs):
        # read by _make_stem_layer / make_res_layer during ResNet.__init__
        self._act_cfgs = dict(stem=stem_act_cfg, block=block_act_cfg,
                              out=out_act_cfg)
        super().__init__(**kwargs)

    def _make_stem_layer(self, in_channels, stem_channels):
        super()._make_stem_layer(in_channels, stem_channels)
        cfg = self._act_cfgs['stem']
        if self.deep_stem:
            for i, m in enumerate(self.stem):
                if type(m).__name__ == 'ReLU':
                    self.stem[i] = _act(cfg)
        else:
            self.relu = _act(cfg)

    def _frozen_modules(self):
        stem = [self.stem] if self.deep_stem else [self.conv1, self.norm1]
        return stem + [getattr(self, f'layer{i}')
                       for i in range(1, self.frozen_stages + 1)]

    def make_res_layer(self, **kwargs):
        block = kwargs['block']
        kwargs['block'] = {BasicBlock: ActBasicBlock,
                           Bottleneck: ActBottleneck}[block]
        kwargs.update(act_cfg=self._act_cfgs['block'],
                      out_act_cfg=self._act_cfgs['out'])
        return super().make_res_layer(**kwargs)


__all__ = ['ActResNet', 'ActBasicBlock', 'ActBottleneck', 'ACT_POSITIONS']
