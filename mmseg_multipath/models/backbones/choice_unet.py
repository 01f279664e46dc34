"""U-Net with selectable conv blocks: ChoiceNet module, residual, dense.

Rayhan, Galata, Cootes, arXiv 1904.09472, section 3.3 and Fig. 5 / Table 4:
"we use the training procedure of U-Net and change the conv-blocks of U-Net
with Res-Block, Dense-Block and ChoiceNet-Module". The U-Net itself follows
Ronneberger et al. (and mmseg's ``UNet``): ``num_stages`` encoder stages of
width base x 2^i, skip connections stored before each pooling and
concatenated after each up-sampling, one block per stage on both sides.
Decisions (docs/choicenet.md):

* ``block``: 'choice' (:class:`ChoiceModule`, g = C // 10, b = C - 6 g),
  'res' (two 3x3 conv-BN-ReLU with an identity / 1x1 projection shortcut)
  or 'dense' (``dense_layers`` BN-ReLU-3x3 layers of growth C // 4,
  concatenated, then a 1x1 transition to C);
* down-sampling: the paper's max+avg pooling (``downsample='maxavg'``; its
  2C output feeds the next stage's 2C block directly) or max pooling;
* up-sampling: bilinear x2 + 1x1 conv (default) or a 2x2 transposed conv,
  to the skip's size (any input size works: no divisibility rule);
* output: the decoder outputs, coarse to fine, after the encoder bottom
  (index ``num_stages - 1`` = full resolution, base channels), as mmseg's
  UNet returns them, so mmseg's FCN head reads ``in_index=num_stages-1``.

Input (N, 3, H, W) -> tuple of num_stages maps, the last (N, base, H, W).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule, build_activation_layer, build_norm_layer
from mmengine.model import BaseModule
from mmseg.registry import MODELS

from ..layers.choice_module import ChoiceModule
from ..layers.max_avg_pool import MaxAvgPool
from .freeze import FreezeMixin


class ResBlock(nn.Module):
    """Two 3x3 conv-BN(-ReLU) with a shortcut (1x1 conv-BN if needed)."""

    def __init__(self, c_in, c_out, norm_cfg, act_cfg):
        super().__init__()
        self.conv1 = ConvModule(c_in, c_out, 3, padding=1, norm_cfg=norm_cfg,
                                act_cfg=act_cfg)
        self.conv2 = ConvModule(c_out, c_out, 3, padding=1,
                                norm_cfg=norm_cfg, act_cfg=None)
        self.shortcut = None if c_in == c_out else ConvModule(
            c_in, c_out, 1, norm_cfg=norm_cfg, act_cfg=None)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        sc = x if self.shortcut is None else self.shortcut(x)
        return self.relu(self.conv2(self.conv1(x)) + sc)


class PreActConv(nn.Module):
    """norm -> act -> 3x3 conv (a DenseNet layer), with ConvModule's
    parameter names (``bn``/``conv``), declared in forward order (mmcv's
    ``ConvModule(order=('norm', 'act', 'conv'))`` declares its conv
    first)."""

    def __init__(self, c_in, c_out, norm_cfg, act_cfg):
        super().__init__()
        self.norm_name, norm = build_norm_layer(norm_cfg, c_in)
        self.add_module(self.norm_name, norm)
        self.activate = build_activation_layer(act_cfg)
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)

    def forward(self, x):
        return self.conv(self.activate(getattr(self, self.norm_name)(x)))


class DenseBlock(nn.Module):
    """DenseNet layers (BN-ReLU-3x3, growth k, concatenated), then a 1x1
    conv-BN-ReLU transition to ``c_out``."""

    def __init__(self, c_in, c_out, num_layers, norm_cfg, act_cfg):
        super().__init__()
        k = max(1, c_out // 4)
        self.layers = nn.ModuleList(
            PreActConv(c_in + i * k, k, norm_cfg=norm_cfg, act_cfg=act_cfg)
            for i in range(num_layers))
        self.transition = ConvModule(c_in + num_layers * k, c_out, 1,
                                     norm_cfg=norm_cfg, act_cfg=act_cfg)

    def forward(self, x):
        feats = [x]
        for layer in self.layers:
            feats.append(layer(torch.cat(feats, 1)))
        return self.transition(torch.cat(feats, 1))


def make_block(kind, c_in, c_out, norm_cfg, act_cfg, dense_layers=4,
               choice_kwargs=None):
    if kind == 'choice':
        g = max(1, c_out // 10)
        return ChoiceModule(c_in, c_out, g, norm_cfg=norm_cfg,
                            act_cfg=act_cfg, **(choice_kwargs or {}))
    if kind == 'res':
        return ResBlock(c_in, c_out, norm_cfg=norm_cfg, act_cfg=act_cfg)
    if kind == 'dense':
        return DenseBlock(c_in, c_out, num_layers=dense_layers,
                          norm_cfg=norm_cfg, act_cfg=act_cfg)
    raise ValueError(f"ChoiceUNet block must be 'choice', 'res' or 'dense', "
                     f'got {kind!r}')


class Up(nn.Module):
    """x2 up-sampling to the skip's size: bilinear + 1x1, or deconv 2x2."""

    def __init__(self, c_in, c_out, mode, norm_cfg, act_cfg):
        super().__init__()
        self.mode = mode
        if mode == 'bilinear':
            self.conv = ConvModule(c_in, c_out, 1, norm_cfg=norm_cfg,
                                   act_cfg=act_cfg)
        elif mode == 'deconv':
            self.conv = nn.ConvTranspose2d(c_in, c_out, 2, stride=2)
            self.norm = build_norm_layer(norm_cfg, c_out)[1]
            self.act = nn.ReLU(inplace=True)
        else:
            raise ValueError(f"upsample must be 'bilinear' or 'deconv', got "
                             f'{mode!r}')

    def forward(self, x, size):
        if self.mode == 'bilinear':
            x = F.interpolate(x, size=size, mode='bilinear',
                              align_corners=False)
            return self.conv(x)
        x = self.conv(x)
        x = F.pad(x, (0, max(0, size[1] - x.shape[-1]), 0,
                      max(0, size[0] - x.shape[-2])))
        return self.act(self.norm(x[..., :size[0], :size[1]]))


@MODELS.register_module()
class ChoiceUNet(FreezeMixin, BaseModule):
    """U-Net with ChoiceNet / residual / dense blocks (see module doc).

    Args:
        block (str): 'choice', 'res' or 'dense'.
        base_channels (int): width of the first stage (64).
        num_stages (int): encoder stages (5).
        downsample (str): 'maxavg' (the paper) or 'max'.
        upsample (str): 'bilinear' or 'deconv'.
        dense_layers (int): layers per dense block (4).
        choice_kwargs (dict): further ChoiceModule options.
        norm_cfg, act_cfg: BN / ReLU by default.
        frozen_stages (int): -1 = none, k = the first k encoder stages
            (eval mode, no gradients). Default -1.
        norm_eval (bool): keep BN statistics frozen while training, once
            weights were loaded (see ``freeze.py``). Default False.
    """

    def __init__(self, block='choice', in_channels=3, base_channels=64,
                 num_stages=5, downsample='maxavg', upsample='bilinear',
                 dense_layers=4, choice_kwargs=None,
                 norm_cfg=dict(type='BN', requires_grad=True),
                 act_cfg=dict(type='ReLU'), frozen_stages=-1,
                 norm_eval=False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if downsample not in ('maxavg', 'max'):
            raise ValueError(f"downsample must be 'maxavg' or 'max', got "
                             f'{downsample!r}')
        self.block_type = block
        widths = [base_channels * 2**i for i in range(num_stages)]
        mk = dict(norm_cfg=norm_cfg, act_cfg=act_cfg,
                  dense_layers=dense_layers, choice_kwargs=choice_kwargs)
        self.pool = MaxAvgPool(2, 2) if downsample == 'maxavg' else \
            nn.MaxPool2d(2, 2)
        grow = 2 if downsample == 'maxavg' else 1
        self.encoder = nn.ModuleList()
        for i, c in enumerate(widths):
            c_in = in_channels if i == 0 else widths[i - 1] * grow
            self.encoder.append(make_block(block, c_in, c, **mk))
        self.ups = nn.ModuleList()
        self.decoder = nn.ModuleList()
        for i in range(num_stages - 2, -1, -1):
            self.ups.append(Up(widths[i + 1], widths[i], mode=upsample,
                               norm_cfg=norm_cfg, act_cfg=act_cfg))
            self.decoder.append(make_block(block, 2 * widths[i], widths[i],
                                           **mk))
        self.out_channels = widths[::-1]
        self.frozen_stages, self.norm_eval = frozen_stages, norm_eval
        self._freeze_stages()

    def _frozen_modules(self):
        return list(self.encoder[:self.frozen_stages])

    def forward(self, x):
        skips = []
        for i, enc in enumerate(self.encoder):
            if i:
                x = self.pool(x)
            x = enc(x)
            skips.append(x)
        outs = [x]
        for up, dec, skip in zip(self.ups, self.decoder, skips[-2::-1]):
            x = dec(torch.cat([skip, up(x, skip.shape[-2:])], 1))
            outs.append(x)
        return tuple(outs)
