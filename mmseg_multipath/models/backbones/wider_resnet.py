"""Wide pre-activation ResNets of "Wider or Deeper" (Model A and family).

Wu, Shen, van den Hengel, "Wider or Deeper: Revisiting the ResNet Model for
Visual Recognition", Pattern Recognition 2019 (arXiv 1611.10080); Table 1
and Fig. 3, section 5 ("dilated FCN", output stride 8). Official-code facts
(stage table, dilation rules, dropout placement, BN eps) from the authors'
MXNet code (itijyou/ademxapp, util/symbol/resnet_v2.py and the network
graphs in misc/*.pdf).

Units (pre-activation; the shortcut is the input, or a 1x1 projection of
the *pre-activated* input when the shape changes; nothing after the add):

* ``b33`` (B1-B5): BN-ReLU, 3x3 (Cin->Cmid, stride s, dilation d1),
  BN-ReLU, 3x3 (Cmid->Cout, dilation d2);
* ``b131`` (B6, B7): BN-ReLU, 1x1 (stride s), BN-ReLU, 3x3 (dilation d2),
  BN-ReLU, dropout, 1x1.

Model A = "224-0-3-3-6-3-1-1": conv1a (3x3, 3->64, no BN after), B1 x0,
B2 x3, B3 x3, B4 x6, B5 x3, B6 x1, B7 x1, then BN-ReLU (bn7). Widths are in
:data:`STAGE_WIDTHS`. Backbone parameters: 105,070,912 (official code).

The smaller-input members (Table 1): Model C "112-1-1-1-1-13-1-1", D
"112-1-1-1-1-9-1-1", E "112-1-1-1-1-5-1-1", F "56-1-1-1-1-9-1-1" (the
paper prints C, D, F with one unit count fewer; their depth column needs the
B1 unit). B1 = two 3x3 convs at 64 channels at full resolution. The final
map stays 7x7 for every training input: 224-input models down-sample before
B2..B6 (stride 32), 112-input models before B2..B5 (16), 56-input before
B2..B4 (8), as the paper's "remove down-sampling operations accordingly to
preserve the size of final feature maps" asks; B5 is 7x7 for 112 inputs, as
the paper says of Models C-E.

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

from ..layers.residual_add import ResidualAdd
from .freeze import FreezeMixin
from .pretrained import check_pretrained_files
from .registry import register_backbone
from .stride_plan import stride_plan

# How to make the ImageNet weights the segmentation configs start from.
PRETRAINED_HOW_TO = (
    'python tools/model_converters/ademxapp2mmseg.py '
    'ilsvrc-cls_rna-a1_cls1000_ep-0001.params {path} (the authors\' '
    'released MXNet ImageNet model; see configs/wider_or_deeper/README.md)')

# (unit type, (mid, out) or (c1, c2, out) widths, dropout) for B1..B7.
# B1 (the 112/56-input models only) keeps conv1a's 64 channels: the paper's
# Fig. 3 widths are not in the text, 64 is the reading that makes B1 a
# plain 'level' below B2's 128 (documented in configs/wider_or_deeper).
STAGE_WIDTHS = {
    'B1': ('b33', (64, 64), 0.0),
    'B2': ('b33', (128, 128), 0.0),
    'B3': ('b33', (256, 256), 0.0),
    'B4': ('b33', (512, 512), 0.0),
    'B5': ('b33', (512, 1024), 0.0),
    'B6': ('b131', (512, 1024, 2048), 0.3),
    'B7': ('b131', (1024, 2048, 4096), 0.5),
}

# Paper Table 1, one row per model: the unit string (input size, then units
# of B1..B7) and how B2..B6 down-sample ('pool': 3x3/2 max pooling before
# the stage, 'conv': a strided first conv; B7 never down-samples).
# The paper's text writes C, D and F with six unit counts ("112-1-1-1-9-1-1")
# and E with seven; its depth column (42/34/26/34 = 2 x b33 units + 3 x 2
# b131 units + conv1a + fc) only adds up with one B1 unit, so all four are
# stored with seven counts. A (ImageNet) pools, A1 (segmentation) strides,
# A2 mixes both (official graphs); all three share parameter shapes.
_POOL, _CONV = ('pool', ) * 5, ('conv', ) * 5
ARCH_SETTINGS = {
    'A': ('224-0-3-3-6-3-1-1', _POOL),
    'A1': ('224-0-3-3-6-3-1-1', _CONV),
    'A2': ('224-0-3-3-6-3-1-1', ('pool', 'pool', 'conv', 'conv', 'conv')),
    'B': ('224-0-1-1-1-3-1-1', _POOL),
    'C': ('112-1-1-1-1-13-1-1', _POOL),
    'D': ('112-1-1-1-1-9-1-1', _POOL),
    'E': ('112-1-1-1-1-5-1-1', _POOL),
    'F': ('56-1-1-1-1-9-1-1', _POOL),
}

# The stages after conv1a (and B1), in order; out_indices count from B2.
STAGES = ('B2', 'B3', 'B4', 'B5', 'B6', 'B7')

# Input size -> number of down-sampling steps (B2, B3, ...): the paper keeps
# the final feature map at 7x7 for every input size ("remove down-sampling
# operations accordingly to preserve the size of final feature maps"; B5 is
# at 7x7 in the 112-input models).
NUM_DOWNSAMPLES = {224: 5, 112: 4, 56: 3}


def parse_units(arch: str) -> Tuple[int, Tuple[int, ...]]:
    """'224-0-3-3-6-3-1-1' -> (224, (0, 3, 3, 6, 3, 1, 1)) for B1..B7."""
    if not re.fullmatch(r'\d+(-\d+){7}', arch):
        raise ValueError(
            f'unit string "{arch}" is not of the form INPUT-B1-B2-B3-B4-B5-'
            'B6-B7 (e.g. "224-0-3-3-6-3-1-1" for Model A, '
            '"112-1-1-1-1-9-1-1" for Model D)')
    size, *units = (int(v) for v in arch.split('-'))
    if size not in NUM_DOWNSAMPLES:
        raise ValueError(f'"{arch}": input size {size} is not one of the '
                         f'paper\'s {sorted(NUM_DOWNSAMPLES)}')
    if not all(units[1:]):
        raise ValueError(f'"{arch}": B2-B7 need at least one unit each')
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
        self.add = ResidualAdd()
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = build_conv_layer(conv_cfg, in_channels,
                                             out_channels, 1, stride=stride,
                                             bias=False)

    residual_unit = True  # one unit of the path-length experiment

    def norm_act_pairs(self):
        """Every norm is followed by the in-place ReLU (for ``fuse_agc``)."""
        return [(getattr(self, n), self.relu) for n in self.norm_names]

    def _forward(self, x):
        pre = self.relu(getattr(self, self.norm_names[0])(x))
        shortcut = x if self.shortcut is None else self.shortcut(pre)
        out = self.convs[0](self.drops[0](pre))
        for i in range(1, len(self.convs)):
            out = self.relu(getattr(self, self.norm_names[i])(out))
            out = self.convs[i](self.drops[i](out))
        return self.add(out, shortcut)

    def forward(self, x):
        if self.with_cp and x.requires_grad:
            return cp.checkpoint(self._forward, x, use_reentrant=False)
        return self._forward(x)


def resolve_arch(arch, output_stride, downsample=None):
    """``(input size, unit counts of B1..B7, downsample of B2..B6)`` of a
    model name (a row of :data:`ARCH_SETTINGS`) or a unit string, checked
    against ``output_stride``."""
    if output_stride not in (8, 16, 32):
        raise ValueError(f'output_stride must be 8, 16 or 32, got '
                         f'{output_stride}')
    unit_string, default_downsample = ARCH_SETTINGS.get(arch, (arch, _CONV))
    size, units = parse_units(unit_string)
    num_down = NUM_DOWNSAMPLES[size]
    if output_stride > 2**num_down:
        raise ValueError(
            f'output_stride {output_stride} is beyond the native stride '
            f'{2**num_down} of "{unit_string}" ({size}-input models '
            f'down-sample {num_down} times)')
    if downsample is None:
        downsample = default_downsample
    if len(downsample) != 5 or set(downsample) - {'conv', 'pool'}:
        raise ValueError(f'downsample needs 5 entries of "conv"/"pool" '
                         f'(B2..B6), got {downsample}')
    return size, units, tuple(downsample)


def make_units(name, num_units, *, in_channels, stride, first_dilation,
               dilation, width_divisor=1, dropout=True, psa_dropout=False,
               conv_cfg=None, norm_cfg=dict(type='BN', eps=1.001e-5),
               with_cp=False):
    """Stage ``name`` (B1..B7) of :data:`STAGE_WIDTHS`: ``num_units``
    pre-activation units; the first has ``stride`` and ``first_dilation``
    (the inc_dilate rule), every later conv ``dilation``. Returns
    ``(nn.Sequential, output channels)``."""
    _, widths, rate = STAGE_WIDTHS[name]
    widths = tuple(w // width_divisor for w in widths)
    units, c_in = [], in_channels
    for u in range(num_units):
        units.append(PreActUnit(
            c_in, widths, stride=stride if u == 0 else 1,
            dilation=first_dilation if u == 0 else dilation,
            dilation2=dilation, dropout=rate if dropout else 0.0,
            psa_dropout=psa_dropout, conv_cfg=conv_cfg, norm_cfg=norm_cfg,
            with_cp=with_cp))
        c_in = widths[-1]
    return nn.Sequential(*units), c_in


@register_backbone
class WiderResNet(FreezeMixin, BaseModule):
    """Wide pre-activation ResNet of "Wider or Deeper" (see module doc).

    Args:
        arch (str): 'A', 'A1', 'A2', 'B', 'C', 'D', 'E', 'F' or a unit
            string 'INPUT-B1-...-B7' (INPUT 224, 112 or 56). Default 'A1'.
        output_stride (int): 8, 16 or 32, at most the native stride (32
            for 224-input models, 16 for 112, 8 for 56). Default 8.
        downsample (Sequence[str], optional): 'conv' or 'pool' for B2..B6;
            default from the arch ('A': pooling, 'A1': strided convs).
        out_indices (Sequence[int]): stage outputs to return (0 = B2 ...
            5 = B7 + bn7). Default (5, ).
        frozen_stages (int): -1 = none, 0 = conv1a (and B1), k = conv1a
            and the first k stages (B2..). Frozen parts run in eval mode.
        norm_eval (bool): keep BN statistics frozen while training (the
            paper fine-tunes this way), once weights were loaded
            (``freeze.py``). Default False.
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
        size, units, downsample = resolve_arch(arch, output_stride,
                                               downsample)
        num_down = NUM_DOWNSAMPLES[size]
        self.arch, self.units = arch, units
        self.input_size = size
        self.output_stride = output_stride
        self.out_indices = tuple(out_indices)
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        c_in = 64 // width_divisor
        self.conv1a = build_conv_layer(conv_cfg, in_channels, c_in, 3,
                                       padding=1, bias=False)
        units_cfg = dict(width_divisor=width_divisor, dropout=dropout,
                         psa_dropout=psa_dropout, conv_cfg=conv_cfg,
                         norm_cfg=norm_cfg, with_cp=with_cp)
        # B1 (112/56-input models) runs at full resolution after conv1a and
        # belongs to the stem (frozen with conv1a; not in out_indices).
        self.b1 = None
        if units[0]:
            self.b1, c_in = make_units('B1', units[0], in_channels=c_in,
                                       stride=1, first_dilation=1,
                                       dilation=1, **units_cfg)
        self.stage_names, self.pools = [], []
        dilation = 1
        plan = stride_plan(num_down, output_stride)
        for idx, name in enumerate(STAGES):
            stride, pool, first_dilation = 1, False, dilation
            if idx < num_down:  # a down-sampling point (inc_dilate rule)
                step, first_dilation, dilation = plan[idx]
                if step == 2:
                    pool = downsample[idx] == 'pool'
                    stride = 1 if pool else 2
            stage, c_in = make_units(name, units[idx + 1], in_channels=c_in,
                                     stride=stride,
                                     first_dilation=first_dilation,
                                     dilation=dilation, **units_cfg)
            self.add_module(name.lower(), stage)
            self.stage_names.append(name.lower())
            self.pools.append(pool)
        # bn7 + ReLU after the last stage
        self.bn7_name, bn7 = build_norm_layer(norm_cfg, c_in, postfix=7)
        self.add_module(self.bn7_name, bn7)
        self.relu = nn.ReLU(inplace=True)
        self.out_channels = [STAGE_WIDTHS[n][1][-1] // width_divisor
                             for n in STAGES]
        self._freeze_stages()

    def init_weights(self):
        check_pretrained_files(self.init_cfg, 'WiderResNet',
                               PRETRAINED_HOW_TO)
        super().init_weights()

    def forward(self, x):
        x = self.conv1a(x)
        if self.b1 is not None:
            x = self.b1(x)
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

    def norm_act_pairs(self):
        """bn7 -> the in-place ReLU (for ``fuse_agc``)."""
        return [(getattr(self, self.bn7_name), self.relu)]

    def _frozen_modules(self):
        return [self.conv1a, self.b1] + [
            getattr(self, n) for n in self.stage_names[:self.frozen_stages]]


__all__ = ['WiderResNet', 'PreActUnit', 'make_units', 'parse_units',
           'resolve_arch',
           'STAGES', 'STAGE_WIDTHS',
           'ARCH_SETTINGS', 'NUM_DOWNSAMPLES']
