"""ChoiceNet's pooling: max pooling and average pooling, concatenated.

Rayhan, Galata, Cootes, arXiv 1904.09472, section 2 "Pooling" and Table 3
("instead of using either max pooling or average pooling, we use both
pooling mechanisms and concatenate them"). Kernel 2, stride 2 by default
(the paper gives neither; DenseNet's transitions use 2x2/2).
(N, C, H, W) -> (N, 2C, H', W'), H' = floor((H + 2p - k) / s) + 1.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MaxAvgPool(nn.Module):
    """concat[max_pool(x), avg_pool(x)] along channels (see module doc)."""

    def __init__(self, kernel_size: int = 2, stride: int = 2,
                 padding: int = 0, ceil_mode: bool = False):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride
        self.padding, self.ceil_mode = padding, ceil_mode

    def forward(self, x):
        args = (self.kernel_size, self.stride, self.padding)
        return torch.cat([
            F.max_pool2d(x, *args, ceil_mode=self.ceil_mode),
            F.avg_pool2d(x, *args, ceil_mode=self.ceil_mode,
                         count_include_pad=False)], 1)
