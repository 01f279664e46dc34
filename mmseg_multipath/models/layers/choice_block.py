"""A ChoiceNet block: modules connected by the paper's Eqs. 3-4 (Fig. 3).

Rayhan, Galata, Cootes, arXiv 1904.09472, section 2:

    x_1     = H_1(x_0) + x_0                       (3)
    x_{l+1} = H_{l+1}([x_l, x_{l-1}]) + x_l        (4)

([.,.] = channel concatenation): every module sees the outputs of the two
modules before it and adds its own output to the latest one, "summed and
then concatenated, which resembles ResNet and DenseNet". Each H is a
:class:`~mmseg_multipath.models.layers.ChoiceModule` whose output width
equals the block width C (so the sums are defined); the first module reads
C channels, the others 2C. (N, C, H, W) -> (N, C, H, W).
"""
import torch
import torch.nn as nn
from mmengine.model import BaseModule

from .choice_module import ChoiceModule


class ChoiceBlock(BaseModule):
    """``num_modules`` ChoiceModules with Eq. 3-4 connectivity.

    Args:
        channels (int): C, the block width (= every module's output).
        num_modules (int): the paper uses 3.
        growth (int): g of every module (b = C - 6 g).
        **module_kwargs: further :class:`ChoiceModule` options.
    """

    def __init__(self, channels: int, num_modules: int, growth: int,
                 init_cfg=None, **module_kwargs):
        super().__init__(init_cfg=init_cfg)
        self.choice_modules = nn.ModuleList(
            ChoiceModule(channels if i == 0 else 2 * channels, channels,
                         growth, **module_kwargs)
            for i in range(num_modules))

    def forward(self, x):
        prev, cur = None, x
        for i, module in enumerate(self.choice_modules):
            inp = cur if prev is None else torch.cat([cur, prev], 1)
            prev, cur = cur, module(inp) + cur
        return cur
