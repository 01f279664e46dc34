"""SegNet decoder: max-unpooling with the encoder's pooling indices, then the
encoder's convolutions mirrored.

Badrinarayanan et al., TPAMI 2017 (Fig. 2/3); Deep Control's testbed (Ruff
2017): 13 decoder convolutions, the last of which is the classifier
(width = number of classes), so the signal crosses 26 convolutions.

Input: the 5 pre-pool stage outputs of
:class:`~mmseg_multipath.models.backbones.SegNet`, (N, C_i, H/2^i, W/2^i).
Each stage is max-pooled 2x2 with indices (identical to the encoder's
pooling); the decoder starts from the pooled deepest map and, stage by stage
from the deepest, unpools to the pre-pool size and applies the mirrored
convolutions. Output: logits (N, num_classes, H, W).

Decoder widths mirror the encoder (stage 5: 512,512,512; 4: 512,512,256;
3: 256,256,128; 2: 128,64; 1: 64, then the 3x3 classifier ``conv_seg``).
"""
from typing import List

import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.registry import MODELS


@MODELS.register_module()
class SegNetHead(BaseDecodeHead):
    """SegNet's pooling-indices decoder (see module doc).

    Args:
        in_channels (list[int]): channels of the 5 encoder stages.
        depths (list[int]): convolutions per encoder stage, (2, 2, 3, 3, 3)
            for VGG-16; decoder stage i has as many, its last one narrowing
            to the width entering encoder stage i (the first stage's last
            one is the classifier ``conv_seg``).
        channels (int): width before the classifier (64 for SegNet).
        **kwargs: :class:`mmseg.models.decode_heads.BaseDecodeHead` options
            (``num_classes``, ``norm_cfg``, ``loss_decode``...).
            ``in_index`` defaults to all 5 stages; ``input_transform`` is
            'multiple_select'.
    """

    def __init__(self, in_channels: List[int],
                 depths: List[int] = (2, 2, 3, 3, 3), channels: int = 64,
                 **kwargs) -> None:
        kwargs.setdefault('in_index', list(range(len(in_channels))))
        kwargs.setdefault('input_transform', 'multiple_select')
        kwargs.setdefault('dropout_ratio', 0.0)
        super().__init__(in_channels=in_channels, channels=channels, **kwargs)
        if len(depths) != len(in_channels):
            raise ValueError('depths and in_channels need one entry per '
                             f'stage, got {depths} and {in_channels}')
        self.depths = tuple(depths)
        self.decoders = nn.ModuleList()
        for i, (c, d) in enumerate(zip(in_channels, depths)):
            # mirror of encoder stage i: d convs, last one narrows to the
            # width entering that encoder stage (64 for the first stage,
            # whose last decoder conv is the classifier conv_seg)
            c_out = in_channels[i - 1] if i else channels
            n = d - 1 if i == 0 else d
            layers = []
            for j in range(n):
                last = j == n - 1
                layers.append(ConvModule(
                    c, c_out if last else c, 3, padding=1,
                    conv_cfg=self.conv_cfg, norm_cfg=self.norm_cfg,
                    act_cfg=self.act_cfg))
            self.decoders.append(nn.Sequential(*layers))
        self.conv_seg = nn.Conv2d(channels, self.out_channels, 3, padding=1)

    def forward(self, inputs):
        feats = self._transform_inputs(inputs)
        pooled, indices = [], []
        for f in feats:
            p, idx = F.max_pool2d(f, 2, 2, return_indices=True)
            pooled.append(p)
            indices.append(idx)
        x = pooled[-1]
        for i in reversed(range(len(feats))):
            x = F.max_unpool2d(x, indices[i], 2, 2,
                               output_size=feats[i].shape[-2:])
            x = self.decoders[i](x)
        return self.cls_seg(x)
