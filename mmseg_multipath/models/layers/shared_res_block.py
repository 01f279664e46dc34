"""The shared-weights residual block ("S-Block") of ShelfNet.

Zhuang, Yang et al., "ShelfNet for Fast Semantic Segmentation" / "Multi-path
segmentation network" (section 3.2, Fig. 3): a residual block whose two 3x3
convolutions are **one** convolution applied twice (weight and bias
shared), with two separate norms and Dropout2d between the two uses:

    y = conv(x); y = act(norm1(y)); y = dropout(y)
    y = conv(y); y = norm2(y); out = relu(y + x)

The conv is 3x3, stride 1, padding 1, with bias, and keeps the channel
count (the official ``BasicBlock``; its unused ``conv0`` for in != out is
left out). ``act`` after ``norm1`` is ReLU in the PASCAL model and
LeakyReLU(0.01) in the real-time ShelfNet18/34-lw (InPlaceABN); dropout is
0.25 / 0.1 / 0.0 for PASCAL / 18-lw / 34-lw. ``norm_cfg`` lets AGC replace
BN. State-dict keys equal the official ones: ``conv1.{weight,bias}``,
``bn1.*``, ``bn2.*`` (with BN).

Input (N, C, H, W) -> output (N, C, H, W); parameters 9C^2 + C + 4C.
"""
import torch.nn as nn
from mmcv.cnn import build_activation_layer, build_conv_layer, build_norm_layer
from mmengine.model import BaseModule

from .residual_add import ResidualAdd


class SharedResBlock(BaseModule):
    """Shared-weights residual block (see module doc).

    Args:
        channels (int): C (in = out).
        dropout (float): Dropout2d rate between the two uses. Default 0.25.
        conv_cfg (dict, optional): the shared conv (default nn.Conv2d).
        norm_cfg (dict): the two norms. Default BN.
        act_cfg (dict): activation after ``norm1``. Default ReLU; the
            real-time models use ``dict(type='LeakyReLU', negative_slope=
            0.01)``.
    """

    def __init__(self, channels: int, dropout: float = 0.25, conv_cfg=None,
                 norm_cfg=dict(type='BN', requires_grad=True),
                 act_cfg=dict(type='ReLU'), init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.conv1 = build_conv_layer(conv_cfg, channels, channels, 3,
                                      padding=1, bias=True)
        self.norm1_name, norm1 = build_norm_layer(norm_cfg, channels, 1)
        self.add_module(self.norm1_name, norm1)
        self.act = build_activation_layer(act_cfg)
        self.drop = nn.Dropout2d(dropout) if dropout > 0 else nn.Identity()
        # the second use of conv1 is normalised by its own norm
        self.norm2_name, norm2 = build_norm_layer(norm_cfg, channels, 2)
        self.add_module(self.norm2_name, norm2)
        self.add = ResidualAdd()
        self.relu = nn.ReLU(inplace=True)

    residual_unit = True  # one unit of the path-length experiment

    def forward(self, x):
        y = self.act(getattr(self, self.norm1_name)(self.conv1(x)))
        y = getattr(self, self.norm2_name)(self.conv1(self.drop(y)))
        return self.relu(self.add(y, x))
