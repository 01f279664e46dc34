"""SegNet encoder: 13 VGG-16 convolutions in 5 stages, each ending in a 2x2
max pooling whose indices the decoder uses to up-sample.

Badrinarayanan, Kendall, Cipolla, "SegNet: A Deep Convolutional
Encoder-Decoder Architecture for Image Segmentation", TPAMI 2017; used as
the testbed of Deep Control (Ruff 2017, section "Experiments", i: widths
64-64-128-128-256-256-256-512x6, pooling-indices decoder, no lateral
connections, 26 convolutions in all).

Input (N, 3, H, W). Output: a tuple of the 5 stage outputs *before* their
pooling, shapes (N, C_i, H / 2^i, W / 2^i) for i = 0..4 with C = 64, 128,
256, 512, 512. :class:`~mmseg_multipath.models.decode_heads.SegNetHead`
pools each one with indices (the same max positions the encoder used) and
unpools through the symmetric decoder; keeping pre-pool maps gives the
decoder the exact unpooling sizes for any H, W.
"""
from typing import List, Sequence

import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmseg.registry import MODELS

from .freeze import FreezeMixin

# Stage widths of the encoder (VGG-16 convolutions, no FC layers).
ARCH_SETTINGS = {
    13: ((64, 64), (128, 128), (256, 256, 256), (512, 512, 512),
         (512, 512, 512)),
}


@MODELS.register_module()
class SegNet(FreezeMixin, BaseModule):
    """SegNet encoder backbone (see module doc).

    Args:
        depth (int): number of encoder convolutions; 13 (VGG-16). Default 13.
        in_channels (int): input channels. Default 3.
        stage_channels (Sequence[Sequence[int]], optional): override the
            widths of ``ARCH_SETTINGS[depth]``, one tuple per stage.
        conv_cfg, norm_cfg, act_cfg (dict): for the conv -> norm -> act
            ``ConvModule`` s. Default BN + ReLU; ``dict(type='AGC')`` gives
            the Deep Control variant.
        frozen_stages (int): -1 = none, k = the first k encoder stages
            (eval mode, no gradients). Default -1.
        norm_eval (bool): keep BN statistics frozen while training, once
            weights were loaded (see ``freeze.py``; AGC has no statistics,
            so this changes nothing for it). Default False.
        init_cfg (dict, optional): e.g. ``dict(type='Pretrained', ...)``.
    """

    def __init__(self, depth: int = 13, in_channels: int = 3,
                 stage_channels: Sequence[Sequence[int]] = None,
                 conv_cfg=None, norm_cfg=dict(type='BN'),
                 act_cfg=dict(type='ReLU'), frozen_stages: int = -1,
                 norm_eval: bool = False, init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if stage_channels is None:
            if depth not in ARCH_SETTINGS:
                raise KeyError(f'invalid depth {depth} for SegNet; choose '
                               f'from {sorted(ARCH_SETTINGS)} or give '
                               'stage_channels')
            stage_channels = ARCH_SETTINGS[depth]
        self.stage_channels = tuple(tuple(s) for s in stage_channels)
        self.frozen_stages, self.norm_eval = frozen_stages, norm_eval
        self.stages = nn.ModuleList()
        c_in = in_channels
        for widths in self.stage_channels:
            layers = []
            for c_out in widths:
                layers.append(ConvModule(c_in, c_out, 3, padding=1,
                                         conv_cfg=conv_cfg, norm_cfg=norm_cfg,
                                         act_cfg=act_cfg))
                c_in = c_out
            self.stages.append(nn.Sequential(*layers))
        self._freeze_stages()

    @property
    def out_channels(self) -> List[int]:
        return [s[-1] for s in self.stage_channels]

    def forward(self, x):
        outs = []
        for i, stage in enumerate(self.stages):
            if i:
                x = F.max_pool2d(x, 2, 2)
            x = stage(x)
            outs.append(x)
        return tuple(outs)

    def _frozen_modules(self):
        return list(self.stages[:self.frozen_stages])
