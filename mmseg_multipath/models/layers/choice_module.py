"""The ChoiceNet module (Rayhan, Galata, Cootes, arXiv 1904.09472).

"ChoiceNet: CNN learning through choice of multiple feature map
representations", section 2, Figs. 1-2, "Implementation Details". No
official code exists; every ambiguity of the paper is decided here, the
alternatives are options, and docs/choicenet.md lists the decisions.

Module (input C_in -> output ``out_channels``):

* a 1x1 "bottleneck" composite function (conv -> BN -> ReLU, the paper's
  composite order) to ``bottleneck_channels`` = b: the paper's E;
* three parallel chains of three convolutions, one kernel per chain
  (3x3, 5x5, 7x7: "three 3x3, three 5x5 and three 7x7 convolutional
  operations"; ``chain_kernels='mixed'`` makes every chain 3 -> 5 -> 7),
  each ``growth`` = g wide, consecutive convs joined by additive skips:
  t_1 = f_1(E), s_1 = t_1; t_j = f_j(s_{j-1}), s_j = t_j + s_{j-1};
* output: concat[E, A, B, C, D, F, G] where for the 3x3 chain A = s_3
  (with the skips) and B = t_3 (the same convolutions' output without the
  skip), C/D for 5x5, F/G for 7x7 (Fig. 2). ``two_pass=True`` computes B
  by a second pass through the same convolutions without any skip (the
  other reading of "the same three convolutional operations").

Channels: out = b + 6 g (:meth:`ChoiceModule.out_width`); the constructor
takes ``out_channels`` and ``growth`` and derives b = out - 6 g (or takes
``bottleneck_channels``). Input (N, C_in, H, W) -> (N, out, H, W).
Parameters: C_in b + 2b + sum over chains of k^2 (b g + 2 g^2) + 6 g
(+ BN) with conv -> BN -> ReLU and bias-free convs.
"""
from typing import Sequence

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule

KERNELS = (3, 5, 7)


class ChoiceModule(BaseModule):
    """ChoiceNet module (see module doc).

    Args:
        in_channels (int): C_in.
        out_channels (int): b + 6 g.
        growth (int): g, the width of every chain conv.
        bottleneck_channels (int, optional): b; default out - 6 g.
        kernels (Sequence[int]): chain kernels (3, 5, 7).
        chain_kernels (str): 'per_chain' (default) or 'mixed'.
        two_pass (bool): B/D/G from a skip-free second pass.
        dropout (float): Dropout2d on the output (the paper's p=0.5 runs
            without augmentation). Default 0.
        norm_cfg, act_cfg, order: the composite function (conv, BN, ReLU).
    """

    def __init__(self, in_channels: int, out_channels: int, growth: int,
                 bottleneck_channels: int = None,
                 kernels: Sequence[int] = KERNELS,
                 chain_kernels: str = 'per_chain', two_pass: bool = False,
                 dropout: float = 0.0,
                 norm_cfg=dict(type='BN', requires_grad=True),
                 act_cfg=dict(type='ReLU'),
                 order=('conv', 'norm', 'act'), init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        n_chains = len(kernels)
        b = (out_channels - 2 * n_chains * growth
             if bottleneck_channels is None else bottleneck_channels)
        if b <= 0 or b + 2 * n_chains * growth != out_channels:
            raise ValueError(
                f'ChoiceModule: out_channels {out_channels} must equal '
                f'bottleneck ({b}) + {2 * n_chains} x growth ({growth})')
        if chain_kernels not in ('per_chain', 'mixed'):
            raise ValueError("chain_kernels must be 'per_chain' or 'mixed', "
                             f'got {chain_kernels!r}')
        self.in_channels, self.out_channels = in_channels, out_channels
        self.bottleneck_channels, self.growth = b, growth
        self.kernels, self.two_pass = tuple(kernels), two_pass
        cm = dict(norm_cfg=norm_cfg, act_cfg=act_cfg, order=order)
        self.bottleneck = ConvModule(in_channels, b, 1, **cm)
        self.chains = nn.ModuleList()
        for c, k in enumerate(kernels):
            ks = (k, ) * 3 if chain_kernels == 'per_chain' else tuple(kernels)
            self.chains.append(nn.ModuleList(
                ConvModule(b if j == 0 else growth, growth, kj,
                           padding=kj // 2, **cm)
                for j, kj in enumerate(ks)))
        self.drop = nn.Dropout2d(dropout) if dropout > 0 else nn.Identity()

    @staticmethod
    def out_width(bottleneck_channels: int, growth: int,
                  n_chains: int = 3) -> int:
        """Output channels: b + 2 x chains x g."""
        return bottleneck_channels + 2 * n_chains * growth

    def paths(self):
        """Names of the concatenated pieces, in order (the paper's
        letters): E, then per chain 'with skip' and 'without skip'."""
        names = ['E (identity after 1x1)']
        for k in self.kernels:
            names += [f'{k}x{k} with skip', f'{k}x{k} without skip']
        return names

    def path_slices(self):
        """Channel ranges of :meth:`paths` in the output."""
        b, g = self.bottleneck_channels, self.growth
        out = [(0, b)]
        for c in range(len(self.kernels)):
            out += [(b + 2 * c * g, b + (2 * c + 1) * g),
                    (b + (2 * c + 1) * g, b + (2 * c + 2) * g)]
        return out

    def forward(self, x):
        e = self.bottleneck(x)
        pieces = [e]
        for chain in self.chains:
            s = t = chain[0](e)
            for conv in chain[1:]:
                t = conv(s)
                s = t + s
            if self.two_pass:
                t = e
                for conv in chain:
                    t = conv(t)
            pieces += [s, t]
        return self.drop(torch.cat(pieces, 1))
