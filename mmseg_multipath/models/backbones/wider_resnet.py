"""Wide pre-activation ResNets of "Wider or Deeper" (Model A and family).

Wu, Shen, van den Hengel, "Wider or Deeper: Revisiting the ResNet Model for
Visual Recognition", Pattern Recognition 2019 (arXiv 1611.10080); Table 1
and Fig. 3, section 5 ("dilated FCN", output stride 8). Official-code facts
(stage table, dilation rules, dropout placement, BN eps) from the authors'
MXNet code, summarised in shared/design/architecture-notes.md section 1.

Units (pre-activation; the shortcut is the input, or a 1x1 projection of
the *pre-activated* input when the shape changes; nothing after the add):

* ``b33`` (B1-B5): BN-ReLU, 3x3 (Cin->Cmid, stride s, dilation d1),
  BN-ReLU, 3x3 (Cmid->Cout, dilation d2);
* ``b131`` (B6, B7): BN-ReLU, 1x1 (stride s), BN-ReLU, 3x3 (dilation d2),
  BN-ReLU, dropout, 1x1.

Model A = "224-0-3-3-6-3-1-1": conv1a (3x3, 3->64, no BN after), B1 x0,
B2 x3, B3 x3, B4 x6, B5 x3, B6 x1, B7 x1, then BN-ReLU (bn7). Widths are in
:data:`STAGE_WIDTHS`. Backbone parameters: 105,070,912 (official code).

Output stride 8/16/32 follows the official ``inc_dilate`` rule: once the
wanted stride is reached, a unit that would down-sample keeps stride 1, its
first conv and its shortcut stay at the old dilation, and its later convs
(and all later units) use twice the dilation. Down-sampling is by strided
convolution (A1, the segmentation form) or 3x3/2 max pooling before the
stage (A, the ImageNet form; A2 mixes both), selectable per stage.

Input (N, 3, H, W); outputs: the stage outputs chosen by ``out_indices``
(0: B2 at stride 2 with 128 channels, 1: B3 /4 256, 2: B4 /8 512, 3: B5
1024, 4: B6 2048, 5: B7 + bn7 + ReLU 4096 channels; strides capped at the
output stride).
"""
import re
from typing import Sequence, Tuple

import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint as cp
from mmcv.cnn import build_conv_layer, build_norm_layer
from mmengine.model import BaseModule
from mmseg.registry import MODELS

# (unit type, (mid, out) or (c1, c2, out) widths, dropout) for B1..B7.
# B1's widths are not given in the notes; units strings need 0 units there.
STAGE_WIDTHS = {
    'B1': None,
    'B2': ('b33', (128, 128), 0.0),
    'B3': ('b33', (256, 256), 0.0),
    'B4': ('b33', (512, 512), 0.0),
    'B5': ('b33', (512, 1024), 0.0),
    'B6': ('b131', (512, 1024, 2048), 0.3),
    'B7': ('b131', (1024, 2048, 4096), 0.5),
}

# Paper Table 1 names -> unit strings (input size, then units of B1..B7).
ARCH_SETTINGS = {
    'A': '224-0-3-3-6-3-1-1',
    'A1': '224-0-3-3-6-3-1-1',
    'A2': '224-0-3-3-6-3-1-1',
    'B': '224-0-1-1-1-3-1-1',
}

# Down-sampling of the stages B2..B6 (B7 never down-samples).
DOWNSAMPLE_SETTINGS = {
    'A': ('pool', 'pool', 'pool', 'pool', 'pool'),
    'A1': ('conv', 'conv', 'conv', 'conv', 'conv'),
    'A2': ('pool', 'pool', 'conv', 'conv', 'conv'),
    'B': ('pool', 'pool', 'pool', 'pool', 'pool'),
}


def parse_units(arch: str) -> Tuple[int, Tuple[int, ...]]:
    """'224-0-3-3-6-3-1-1' -> (224, (0, 3, 3, 6, 3, 1, 1)) for B1..B7."""
    if not re.fullmatch(r'\d+(-\d+){7}', arch):
        raise ValueError(
            f'unit string "{arch}" is not of the form INPUT-B1-B2-B3-B4-B5-'
            'B6-B7 (e.g. "224-0-3-3-6-3-1-1" for Model A); the 112/56-input '
            'members of the family are not supported yet')
    size, *units = (int(v) for v in arch.split('-'))
    if units[0]:
        raise ValueError(f'"{arch}": units in B1 are not supported yet')
    return size, tuple(units)


class PreActUnit(BaseModule):
    """One pre-activation unit (``b33`` or ``b131``), see module doc.

    Args:
        in_channels (int): Cin.
        widths (tuple[int]): (mid, out) for b33, (c1, c2, out) for b131.
        stride (int): stride of the first conv and the shortcut.
        dilation (int): dilation of the first 3x3 of a b33 unit.
        dilation2 (int): dilation of the later 3x3 convs.
        dropout (float): rate before the last conv (official placement).
        psa_dropout (bool): the popular PyTorch port's placement instead:
            Dropout2d before the 3x3 and before the last 1x1 (b131 only).
    """

    def __init__(self, in_channels, widths, stride=1, dilation=1,
                 dilation2=1, dropout=0.0, psa_dropout=False, conv_cfg=None,
                 norm_cfg=dict(type='BN', eps=1.001e-5), with_cp=False,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.with_cp = with_cp
        out_channels = widths[-1]
        self.bottleneck = len(widths) == 3
        self.norm_names = []
        convs = []
        c_in = in_channels
        if self.bottleneck:
            specs = [(widths[0], 1, stride, 1), (widths[1], 3, 1, dilation2),
                     (widths[2], 1, 1, 1)]
        else:
            specs = [(widths[0], 3, stride, dilation),
                     (widths[1], 3, 1, dilation2)]
        for i, (c_out, k, s, d) in enumerate(specs):
            name, norm = build_norm_layer(norm_cfg, c_in, postfix=i + 1)
            self.add_module(name, norm)
            self.norm_names.append(name)
            convs.append(build_conv_layer(
                conv_cfg, c_in, c_out, k, stride=s, padding=d * (k // 2),
                dilation=d, bias=False))
            c_in = c_out
        self.convs = nn.ModuleList(convs)
        self.relu = nn.ReLU(inplace=True)
        n = len(convs)
        self.drops = nn.ModuleList([nn.Identity() for _ in range(n)])
        if dropout > 0:
            if psa_dropout and self.bottleneck:
                self.drops[1] = nn.Dropout2d(dropout)
                self.drops[2] = nn.Dropout2d(dropout)
            else:
                self.drops[n - 1] = nn.Dropout(dropout)
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = build_conv_layer(conv_cfg, in_channels,
                                             out_channels, 1, stride=stride,
                                             bias=False)

    def _forward(self, x):
        pre = self.relu(getattr(self, self.norm_names[0])(x))
        shortcut = x if self.shortcut is None else self.shortcut(pre)
        out = self.convs[0](self.drops[0](pre))
        for i in range(1, len(self.convs)):
            out = self.relu(getattr(self, self.norm_names[i])(out))
            out = self.convs[i](self.drops[i](out))
        return out + shortcut

    def forward(self, x):
        if self.with_cp and x.requires_grad:
            return cp.checkpoint(self._forward, x, use_reentrant=False)
        return self._forward(x)


@MODELS.register_module()
class WiderResNet(BaseModule):
    """Wide pre-activation ResNet of "Wider or Deeper" (see module doc).

    Args:
        arch (str): 'A', 'A1', 'A2', 'B' or a unit string
            'INPUT-B1-...-B7' (B1 must be 0 for now). Default 'A1'.
        output_stride (int): 8, 16 or 32. Default 8.
        downsample (Sequence[str], optional): 'conv' or 'pool' for B2..B6;
            default from the arch ('A': pooling, 'A1': strided convs).
        out_indices (Sequence[int]): stage outputs to return (0 = B2 ...
            5 = B7 + bn7). Default (5, ).
        frozen_stages (int): -1 = none, 0 = conv1a, k = conv1a and the
            first k stages (B2..). Frozen parts run in eval mode.
        norm_eval (bool): keep BN statistics frozen while training (the
            paper fine-tunes this way). Default False.
        dropout (bool): B6/B7 dropout (0.3 / 0.5). Default True.
        psa_dropout (bool): the PyTorch port's dropout placement. Default
            False (official: once, before the last conv).
        norm_cfg (dict): default BN with the official eps 1.001e-5; AGC
            works too.
        with_cp (bool): gradient checkpointing per unit.
        width_divisor (int): divide every width (conv1a's 64 included) by
            this, for CPU demos and tests; 1 (default) is the paper's model.
    """

    def __init__(self, arch: str = 'A1', in_channels: int = 3,
                 output_stride: int = 8,
                 downsample: Sequence[str] = None,
                 out_indices: Sequence[int] = (5, ),
                 frozen_stages: int = -1, norm_eval: bool = False,
                 dropout: bool = True, psa_dropout: bool = False,
                 conv_cfg=None,
                 norm_cfg=dict(type='BN', eps=1.001e-5, requires_grad=True),
                 with_cp: bool = False, width_divisor: int = 1,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.width_divisor = width_divisor
        if output_stride not in (8, 16, 32):
            raise ValueError(f'output_stride must be 8, 16 or 32, got '
                             f'{output_stride}')
        unit_string = ARCH_SETTINGS.get(arch, arch)
        _, units = parse_units(unit_string)
        if downsample is None:
            downsample = DOWNSAMPLE_SETTINGS.get(arch, ('conv', ) * 5)
        if len(downsample) != 5 or set(downsample) - {'conv', 'pool'}:
            raise ValueError(f'downsample needs 5 entries of "conv"/"pool" '
                             f'(B2..B6), got {downsample}')
        self.arch, self.units = arch, units
        self.output_stride = output_stride
        self.out_indices = tuple(out_indices)
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        c_in = 64 // width_divisor
        self.conv1a = build_conv_layer(conv_cfg, in_channels, c_in, 3,
                                       padding=1, bias=False)
        self.stage_names = []
        self.pools = []
        stride, dilation = 1, 1
        for idx, name in enumerate(('B2', 'B3', 'B4', 'B5', 'B6', 'B7')):
            kind, widths, rate = STAGE_WIDTHS[name]
            widths = tuple(w // width_divisor for w in widths)
            wants = 2 if idx < 5 else 1
            unit_stride, pool, d1 = 1, False, dilation
            if wants == 2 and stride < output_stride:
                stride *= 2
                pool = downsample[idx] == 'pool'
                unit_stride = 1 if pool else 2
            elif wants == 2:  # stride becomes dilation (inc_dilate)
                dilation *= 2
            layers = []
            for u in range(units[idx + 1]):
                first = u == 0
                layers.append(PreActUnit(
                    c_in, widths, stride=unit_stride if first else 1,
                    dilation=d1 if first else dilation,
                    dilation2=dilation,
                    dropout=rate if dropout else 0.0,
                    psa_dropout=psa_dropout, conv_cfg=conv_cfg,
                    norm_cfg=norm_cfg, with_cp=with_cp))
                c_in = widths[-1]
            stage = nn.Sequential(*layers)
            self.add_module(name.lower(), stage)
            self.stage_names.append(name.lower())
            self.pools.append(pool)
        self.bn7_name, bn7 = build_norm_layer(norm_cfg, c_in, postfix=7)
        self.add_module(self.bn7_name, bn7)
        self.relu = nn.ReLU(inplace=True)
        self.out_channels = [STAGE_WIDTHS[n][1][-1] // width_divisor
                             for n in ('B2', 'B3', 'B4', 'B5', 'B6', 'B7')]
        self._freeze_stages()

    def forward(self, x):
        x = self.conv1a(x)
        outs = []
        for i, name in enumerate(self.stage_names):
            if self.pools[i]:
                x = F.max_pool2d(x, 3, 2, 1)
            x = getattr(self, name)(x)
            if i == len(self.stage_names) - 1:
                x = self.relu(getattr(self, self.bn7_name)(x))
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def _freeze_stages(self):
        if self.frozen_stages < 0:
            return
        modules = [self.conv1a] + [getattr(self, n) for n in
                                   self.stage_names[:self.frozen_stages]]
        for m in modules:
            m.eval()
            for p in m.parameters():
                p.requires_grad = False

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze_stages()
        if mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, nn.modules.batchnorm._BatchNorm):
                    m.eval()
        return self


__all__ = ['WiderResNet', 'PreActUnit', 'parse_units', 'STAGE_WIDTHS',
           'ARCH_SETTINGS', 'DOWNSAMPLE_SETTINGS']
