"""SeqResNet, SeqResNet-B and SeqResNeXt (sequentially aggregated ResNets).

Huang, Ou, Wu, Feng, "Sequentially Aggregated Convolutional Networks",
ICCV Workshops 2019: the CIFAR template (section 4.1, Table 1) and the
ImageNet models of Table 2; official-code structure in
GroupOfAlchemists/SeqConv (code/CIFAR/SeqResNet*.py,
code/ImageNet/SeqResNet.py and SeqResNeXt.py).

Pre-activation design with two streams, raw ``r`` (residual) and activated
``a`` = ReLU(BN(r)):

* residual block: LayerA = WSeqConv(C -> C) on a; LayerB = WSeqConv(C -> C)
  on LayerA's a with the block's raw input as the shortcut embedded in the
  aggregation (:class:`~mmseg_multipath.models.layers.SeqConvLayer`); LayerB's
  last convs start at zero;
* down-sampling block: extension WSeqConv(C_in -> C_out - C_in) with the
  ending stage's group width, concat [a_in, ext], then a grouped 3x3
  stride-2 conv + BN + ReLU (groups = C_out / k_next x subgroups_next);
* CIFAR stem: 3x3 conv 3 -> 16 + BN + ReLU, dense SeqConv 16 -> 16r;
  ImageNet stem: 3x3/2 3 -> 32, 3x3 32 -> 32, dense SeqConvB 32 -> 64w,
  grouped 3x3/2 "shrinking" conv;
* top (classification, ``with_blender``): Dropout2d, 1x1 "blender" conv +
  BN + ReLU (then mmpretrain's GAP neck and linear head).

Architectures (data below): CIFAR ``dict(k, r, N, bottleneck)`` with stage
widths 16r x (1, 2, 3) at 32/16/8 pixels; ImageNet 'B22', 'B42',
'NeXt24' with stage widths 64w x (1, 2, 4, 8) at strides 4/8/16/32.
:func:`arch_table` turns either form into the one stage table the
backbone builds from; every layer has the same interface
``forward(raw, act, keep_raw) -> (raw, act)``, and which layers keep their raw
outputs is decided at build time, so ``forward`` is one flat loop.
Parameters equal the official code's: CIFAR-10 SeqResNet (8, 4, 1)
1,233,370, (16, 10, 1) 7,627,354; SeqResNet-B (16, 7, 1) 843,834,
(32, 12, 3) 6,029,658; ImageNet (with the 1000-way FC) B22 11,859,656,
B42 25,642,696, NeXt24 26,211,784.

Segmentation: ``out_indices`` picks the activated stage outputs (ImageNet
layout: strides 4/8/16/32, widths 128/256/512/1024 for B22/B42). Output
stride 8/16 (no official precedent, our choice): the shrinking conv of a
later down-sampling block keeps stride 1 and the 3x3 convs after it are
dilated by 2 (4 after the second), the rule dilated ResNets use.

Input (N, 3, H, W); outputs: tuple of the selected stage outputs.
"""

import torch
import torch.nn as nn
from mmcv.cnn import build_activation_layer, build_norm_layer
from mmengine.model import BaseModule

from ..layers.seq_conv import SeqConvLayer
from .freeze import FreezeMixin
from .pretrained import check_pretrained_files
from .registry import register_backbone
from .stride_plan import stride_plan

# How to make the ImageNet weights the segmentation configs start from.
PRETRAINED_HOW_TO = (
    'python tools/model_converters/seqconv2mmpretrain.py OFFICIAL.pth '
    '{path} (a checkpoint of the official ImageNet code), or train '
    'configs/seqconv/classification/*_in1k.py and use its checkpoint; see '
    'configs/seqconv/README.md')

# Table 2 of the paper (official ModelLite / ModelLarge / SeqResNeXt Model):
# widening w (stage widths 64w x 1, 2, 4, 8), blocks, group width k and
# SeqResNeXt subgroups per stage.
IMAGENET_SETTINGS = {
    'B22': dict(width=2, blocks=(1, 1, 2, 1), group_widths=(32, 64, 64, 128),
                subgroups=(1, 1, 1, 1)),
    'B42': dict(width=2, blocks=(3, 4, 5, 3), group_widths=(32, 64, 64, 128),
                subgroups=(1, 1, 1, 1)),
    'NeXt24': dict(width=4, blocks=(1, 1, 3, 1),
                   group_widths=(32, 64, 64, 128), subgroups=(8, 8, 4, 4)),
}
CIFAR_PYRAMID = (1, 2, 3)  # reproduces the paper's CIFAR parameter counts


def arch_table(arch) -> dict:
    """The one architecture format SeqResNet builds from: ``stem`` ('cifar'
    or 'imagenet'), per-stage ``widths``, ``group_widths``, ``subgroups``,
    ``blocks``, and ``bottleneck``. Accepts a name of
    :data:`IMAGENET_SETTINGS`, an ImageNet-layout dict like its rows (a
    slim demo model), or the CIFAR template ``dict(k, r, N, bottleneck)``
    (section 4.1: stage widths 16r x 1, 2, 3)."""
    if isinstance(arch, str):
        if arch not in IMAGENET_SETTINGS:
            raise ValueError(f'SeqResNet arch "{arch}" is not one of '
                             f'{sorted(IMAGENET_SETTINGS)}, an ImageNet-'
                             'layout dict(width=, blocks=, group_widths=, '
                             'subgroups=) or a CIFAR dict(k=, r=, N=, '
                             'bottleneck=)')
        arch = IMAGENET_SETTINGS[arch]
    arch = dict(arch)
    if {'k', 'r', 'N'} <= set(arch):
        k, r, n = arch['k'], arch['r'], arch['N']
        return dict(stem='cifar', widths=tuple(16 * r * p
                                               for p in CIFAR_PYRAMID),
                    group_widths=(k, ) * 3, subgroups=(1, ) * 3,
                    blocks=(n, ) * 3,
                    bottleneck=arch.get('bottleneck', False))
    return dict(stem='imagenet',
                widths=tuple(int(64 * arch['width']) * 2**i
                             for i in range(4)),
                group_widths=tuple(arch['group_widths']),
                subgroups=tuple(arch['subgroups']),
                blocks=tuple(arch['blocks']), bottleneck=True)


class ConvLayer(nn.Module):
    """conv (no bias) -> (raw, act(norm(raw)))."""

    def __init__(self, c_in, c_out, kernel_size, stride=1, dilation=1,
                 groups=1, norm_cfg=None, act_cfg=None):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel_size, stride=stride,
                              padding=dilation * (kernel_size // 2),
                              dilation=dilation, groups=groups, bias=False)
        self.norm = build_norm_layer(norm_cfg, c_out)[1]
        self.act = build_activation_layer(act_cfg)

    def forward(self, x):
        r = self.conv(x)
        return r, self.act(self.norm(r))


# The layers the backbone's loop runs share one interface:
# ``forward(raw, act, keep_raw=True) -> (raw, act)``; ``uses_raw`` says
# whether a layer reads the raw stream, ``keep_raw=False`` (the next layer
# does not read it) lets a layer return None for raw.

class StemConvLayer(ConvLayer):
    """A stem ConvLayer with the backbone's layer interface."""

    uses_raw = False  # convolves the act stream

    def forward(self, raw, act, keep_raw=True):
        return super().forward(act)


class StemSeqConv(SeqConvLayer):
    """The stem's dense SeqConv with the backbone's layer interface."""

    uses_raw = False

    def forward(self, raw, act, keep_raw=True):
        return super().forward(act, keep_raw=keep_raw)


class SeqBlock(nn.Module):
    """Residual block with the residual embedded in the aggregation.

    With ``keep_raw=False`` (the next layer reads only act) LayerB's raw
    outputs are not concatenated and None is returned for raw."""

    uses_raw = True  # reads the previous layer's raw stream (shortcut)

    def __init__(self, channels, k, **seq):
        super().__init__()
        self.layer_a = SeqConvLayer(channels, channels, k, **seq)
        self.layer_b = SeqConvLayer(channels, channels, k, **seq)

    def forward(self, raw, act, keep_raw=True):
        _, a = self.layer_a(act, keep_raw=False)
        return self.layer_b(a, shortcut=raw, keep_raw=keep_raw)

    # one unit of the path-length experiment: its residual joins through
    # the ``add`` of every LayerB group (embedded in the aggregation)
    residual_unit = True


class SeqDownsample(nn.Module):
    """Extension WSeqConv, concat, grouped 3x3 (stride 2) ConvLayer.

    Reads only the act stream; the extension's group outputs are
    concatenated after ``act`` in one copy (``prepend``), so the shrinking
    conv sees [a_in, extension] (paper Fig. 2; official CIFAR, B22 and B42
    code).

    ``official_next=True`` reproduces the official SeqResNeXt code
    (``code/ImageNet/SeqResNeXt.py``, ``DownsampleLayer``): its extension
    layer slides its window over the caller's own list (``pop(0)`` /
    ``+=`` in place), so the shrinking conv receives the extension's final
    window followed by the extension, [last C_in channels of (a_in, ext),
    ext]; with the NeXt-24 widths (C_out = 2 C_in) that is [ext, ext].
    Only the shrinking conv's input changes."""

    uses_raw = False

    def __init__(self, c_in, c_out, k, groups, stride, norm_cfg, act_cfg,
                 dilation=1, official_next=False, **seq):
        super().__init__()
        self.official_next = official_next
        self.extension = SeqConvLayer(c_in, c_out - c_in, k,
                                      norm_cfg=norm_cfg, act_cfg=act_cfg,
                                      dilation=dilation, **seq)
        self.shrink = ConvLayer(c_out, c_out, 3, stride=stride,
                                dilation=dilation, groups=groups,
                                norm_cfg=norm_cfg, act_cfg=act_cfg)

    def forward(self, raw, act, keep_raw=True):
        _, cat = self.extension(act, keep_raw=False, prepend=act)
        if self.official_next:
            c_in = act.shape[1]
            cat = torch.cat([cat[:, -c_in:], cat[:, c_in:]], 1)
        return self.shrink(cat)


def downsample_plan(table, output_stride):
    """Per down-sampling block (stages 2..): (stride of the shrinking conv,
    its dilation, the dilation after it). Output stride 8/16 by dilation
    (ImageNet layout only)."""
    if table['stem'] == 'imagenet':
        if output_stride not in (8, 16, 32):
            raise ValueError(f'output_stride must be 8, 16 or 32, got '
                             f'{output_stride}')
        return stride_plan(3, output_stride, stride=4)
    if output_stride != 32:
        raise ValueError('output_stride applies to the ImageNet layout only')
    return [(2, 1, 1)] * (len(table['widths']) - 1)


def make_stem(table, *, in_channels, norm_cfg, act_cfg, with_cp):
    """The stem layers of an :func:`arch_table`: CIFAR (3x3 conv to 16,
    dense SeqConv) or ImageNet (3x3/2, 3x3, dense SeqConvB, grouped 3x3/2
    "shrinking" conv)."""
    c0, k0 = table['widths'][0], table['group_widths'][0]
    norms = dict(norm_cfg=norm_cfg, act_cfg=act_cfg)
    if table['stem'] == 'cifar':
        return nn.ModuleList([
            StemConvLayer(in_channels, 16, kernel_size=3, **norms),
            StemSeqConv(16, c0, k0, window=None,
                        bottleneck=table['bottleneck'], with_cp=with_cp,
                        **norms)])
    sub0 = table['subgroups'][0]
    return nn.ModuleList([
        StemConvLayer(in_channels, 32, kernel_size=3, stride=2, **norms),
        StemConvLayer(32, 32, kernel_size=3, **norms),
        StemSeqConv(32, c0, k0, window=None, bottleneck=True,
                    subgroups=sub0, with_cp=with_cp, **norms),
        StemConvLayer(c0, c0, kernel_size=3, stride=2,
                      groups=c0 // k0 * sub0, **norms)])


def make_stage(table, index, *, step, dropout, norm_cfg, act_cfg, with_cp,
               official_next=False):
    """Stage ``index`` of an :func:`arch_table`: a :class:`SeqDownsample`
    (stages after the first; ``step`` = its entry of
    :func:`downsample_plan`), then the stage's :class:`SeqBlock` s."""
    widths, ks = table['widths'], table['group_widths']
    subs, bottleneck = table['subgroups'], table['bottleneck']
    c, k, sub = widths[index], ks[index], subs[index]
    seq = dict(window='in', bottleneck=bottleneck, dropout=dropout,
               norm_cfg=norm_cfg, act_cfg=act_cfg, with_cp=with_cp)
    layers, dilation = [], 1
    if index:
        stride, shrink_dilation, dilation = step
        layers.append(SeqDownsample(
            widths[index - 1], c, k=ks[index - 1], groups=c // k * sub,
            stride=stride, dilation=shrink_dilation,
            subgroups=subs[index - 1], official_next=official_next, **seq))
    for _ in range(table['blocks'][index]):
        layers.append(SeqBlock(c, k, subgroups=sub, dilation=dilation,
                               **seq))
    return nn.ModuleList(layers)


@register_backbone
class SeqResNet(FreezeMixin, BaseModule):
    """Sequentially aggregated ResNet (see module doc).

    Args:
        arch (str | dict): 'B22', 'B42', 'NeXt24', an ImageNet-layout dict
            like :data:`IMAGENET_SETTINGS` (e.g. a slim demo model), or a
            CIFAR dict ``dict(k=8, r=4, N=1, bottleneck=False)``.
        out_indices (Sequence[int]): stage outputs (0-based).
        output_stride (int): 32 (default), 16 or 8; ImageNet layout only.
        dropout (float): Dropout2d on the SeqConv windows (CIFAR: 0.1).
        with_blender (bool): the classification top (Dropout2d +
            1x1 conv + BN + ReLU) after the last stage.
        top_dropout (float): Dropout2d before the blender.
        zero_init_residual (bool): LayerB's last convs start at zero.
        frozen_stages (int): -1 none, 0 the stem, s the stem and s stages.
        norm_eval (bool): BN statistics frozen while training, once
            weights were loaded (``freeze.py``).
        norm_cfg, act_cfg: BN / ReLU by default; AGC works.
        with_cp (bool): gradient checkpointing per SeqConv layer.
        official_next_downsample (bool): feed each down-sampling block's
            shrinking conv as the official SeqResNeXt code does ([window,
            extension], see :class:`SeqDownsample`) instead of the paper's
            [input, extension]. Needed for official SeqResNeXt-24 weights
            to give the official outputs; the SeqConv converter says so.
    """

    def __init__(self, arch='B22', in_channels=3, out_indices=(3, ),
                 output_stride=32, dropout=0.0, with_blender=False,
                 top_dropout=0.0, zero_init_residual=True,
                 frozen_stages=-1, norm_eval=False,
                 norm_cfg=dict(type='BN', requires_grad=True),
                 act_cfg=dict(type='ReLU', inplace=False), with_cp=False,
                 official_next_downsample=False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.out_indices = tuple(out_indices)
        self.frozen_stages, self.norm_eval = frozen_stages, norm_eval
        self.zero_init_residual = zero_init_residual
        table = arch_table(arch)
        plan = downsample_plan(table, output_stride)
        cfgs = dict(norm_cfg=norm_cfg, act_cfg=act_cfg, with_cp=with_cp)
        self.arch, self.widths = arch, list(table['widths'])
        self.stem = make_stem(table, in_channels=in_channels, **cfgs)
        self.stages = nn.ModuleList(
            make_stage(table, s, step=plan[s - 1] if s else None,
                       dropout=dropout,
                       official_next=official_next_downsample, **cfgs)
            for s in range(len(self.widths)))
        self._steps = self._plan_steps()
        self.with_blender = with_blender
        if with_blender:
            self.top_drop = (nn.Dropout2d(top_dropout) if top_dropout > 0
                             else nn.Identity())
            self.blender = ConvLayer(self.widths[-1], self.widths[-1], 1,
                                     norm_cfg=norm_cfg, act_cfg=act_cfg)
        self.out_channels = list(self.widths)
        self._freeze_stages()

    def init_weights(self):
        if self.init_cfg is not None:
            check_pretrained_files(self.init_cfg, 'SeqResNet',
                                   PRETRAINED_HOW_TO)
            return super().init_weights()
        for m in self.modules():
            if isinstance(m, nn.Conv2d):  # official "MSR" uniform, fan_out
                nn.init.kaiming_uniform_(m.weight, mode='fan_out',
                                         nonlinearity='relu')
            elif isinstance(m, nn.modules.batchnorm._BatchNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        if self.zero_init_residual:
            for m in self.modules():
                if isinstance(m, SeqBlock):
                    for grp in m.layer_b.groups_:
                        last = grp.conv2 if grp.bottleneck else grp.conv
                        nn.init.zeros_(last.weight)

    def _plan_steps(self):
        """Decided once at build time: every layer in order as (stage or
        -1 for the stem, index, keep_raw, ends_stage). A layer keeps its
        raw outputs only if the next layer reads the raw stream (a block's
        shortcut); otherwise its SeqConv skips concatenating them."""
        order = [(-1, j) for j in range(len(self.stem))] + [
            (s, j) for s, stage in enumerate(self.stages)
            for j in range(len(stage))]
        layers = [self._layer(pos) for pos in order]
        steps = []
        for n, (s, j) in enumerate(order):
            keep_raw = n + 1 < len(layers) and layers[n + 1].uses_raw
            ends = s >= 0 and j == len(self.stages[s]) - 1
            steps.append((s, j, keep_raw, ends))
        return steps

    def _layer(self, pos):
        s, j = pos
        return self.stem[j] if s < 0 else self.stages[s][j]

    def forward(self, x):
        raw, act, outs = x, x, []
        last = len(self.stages) - 1
        for s, j, keep_raw, ends_stage in self._steps:
            raw, act = self._layer((s, j))(raw, act, keep_raw)
            if ends_stage:
                if s == last and self.with_blender:
                    _, act = self.blender(self.top_drop(act))
                if s in self.out_indices:
                    outs.append(act)
        return tuple(outs)

    def _frozen_modules(self):
        return [self.stem] + list(self.stages[:self.frozen_stages])


__all__ = ['SeqResNet', 'SeqBlock', 'SeqDownsample', 'ConvLayer',
           'StemSeqConv', 'IMAGENET_SETTINGS', 'arch_table',
           'downsample_plan', 'make_stem', 'make_stage']
