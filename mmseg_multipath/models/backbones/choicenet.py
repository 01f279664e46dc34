"""ChoiceNet classification backbone (Rayhan, Galata, Cootes, 2019).

arXiv 1904.09472, section 2 and Table 1: three blocks of ChoiceNet modules
(:class:`~mmseg_multipath.models.layers.ChoiceBlock`, Eqs. 3-4) with the
max+avg pooling (:class:`~mmseg_multipath.models.layers.MaxAvgPool`)
between them. The paper names three models by depth (30, 37, 40) and
gives their CIFAR parameter counts (13M, 19.2M, 23.4M), but not their
widths, nor how the depth is counted. Decisions (docs/choicenet.md):

* three modules per block in every model (the paper: "each block of
  ChoiceNet contains three modules"); the models differ in width;
* block width C = 10 g with b = 4 g (a DenseNet-BC-like bottleneck of four
  growths), the same C in all blocks; the growth g per model is the
  integer that brings the CIFAR-10 parameter count within 5% of the
  paper's (:data:`ARCH_SETTINGS`; tests pin the counts);
* stem: 3x3 conv 3 -> C (conv -> BN -> ReLU); transitions: MaxAvgPool
  2x2/2 (C -> 2C), then a 1x1 conv 2C -> C;
* optional Dropout2d (0.5 in the paper's runs without augmentation) after
  every module.

Input (N, 3, H, W); outputs: the block outputs chosen by ``out_indices``
(C channels at strides 1, 2, 4). Classification adds mmpretrain's GAP neck
and linear head.
"""
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule

from ..layers.choice_block import ChoiceBlock
from ..layers.max_avg_pool import MaxAvgPool
from .freeze import FreezeMixin
from .registry import register_backbone

# depth name -> (growth g, modules per block); C = 10 g, b = 4 g.
ARCH_SETTINGS = {30: (49, 3), 37: (59, 3), 40: (65, 3)}
PAPER_PARAMS = {30: 13.0e6, 37: 19.2e6, 40: 23.4e6}


def choicenet_width(depth: int) -> int:
    """The output width C = 10 g of the ChoiceNet of ``depth`` (what a
    classifier head on it takes)."""
    return 10 * ARCH_SETTINGS[depth][0]


@register_backbone
class ChoiceNet(FreezeMixin, BaseModule):
    """ChoiceNet backbone (see module doc).

    Args:
        depth (int): 30, 37 or 40 (Table 1), or None with ``growth``.
        growth (int, optional): g, overriding the depth's.
        num_modules (int): modules per block. Default from the depth (3).
        num_blocks (int): 3.
        dropout (float): Dropout2d after each module.
        out_indices (Sequence[int]): block outputs to return.
        norm_cfg, act_cfg: the composite function's BN / ReLU.
        frozen_stages (int), norm_eval (bool): as in mmseg's ResNet,
            except that ``norm_eval`` waits for loaded weights
            (``freeze.py``).
    """

    def __init__(self, depth=40, growth=None, num_modules=None,
                 num_blocks=3, in_channels=3, dropout=0.0,
                 out_indices=(2, ), frozen_stages=-1, norm_eval=False,
                 norm_cfg=dict(type='BN', requires_grad=True),
                 act_cfg=dict(type='ReLU'), init_cfg=None, **module_kwargs):
        super().__init__(init_cfg=init_cfg)
        if growth is None:
            if depth not in ARCH_SETTINGS:
                raise ValueError(f'ChoiceNet depth {depth} is not one of '
                                 f'{sorted(ARCH_SETTINGS)} (or give growth=)')
            growth, default_modules = ARCH_SETTINGS[depth]
        else:
            default_modules = 3
        num_modules = num_modules or default_modules
        c = 10 * growth
        self.out_indices = tuple(out_indices)
        self.frozen_stages, self.norm_eval = frozen_stages, norm_eval
        cm = dict(norm_cfg=norm_cfg, act_cfg=act_cfg)
        self.stem = ConvModule(in_channels, c, 3, padding=1, **cm)
        self.blocks = nn.ModuleList(
            ChoiceBlock(c, num_modules, growth, dropout=dropout, **cm,
                        **module_kwargs) for _ in range(num_blocks))
        self.transitions = nn.ModuleList(
            nn.Sequential(MaxAvgPool(2, 2), ConvModule(2 * c, c, 1, **cm))
            for _ in range(num_blocks - 1))
        self.out_channels = [c] * num_blocks
        self._freeze_stages()

    def forward(self, x):
        x = self.stem(x)
        outs = []
        for i, block in enumerate(self.blocks):
            if i:
                x = self.transitions[i - 1](x)
            x = block(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def _frozen_modules(self):
        n = self.frozen_stages
        return [self.stem] + list(self.blocks[:n]) + list(
            self.transitions[:n])
