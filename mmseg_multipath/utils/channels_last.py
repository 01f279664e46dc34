"""Converting a model to channels_last where oneDNN can train it.

oneDNN's CPU weight-gradient kernel for 1x1 convolutions with a stride
(which it reduces to unit stride in a workspace) writes past that
workspace in the channels_last (nhwc) layout when a group has fewer input
channels than the kernel's channel block (oneDNN issue #6035, open): on
this machine the process aborts ("double free or corruption"); elsewhere
the weight gradients come out wrong without an error. Forward passes are
not affected. ``onednn_unsafe_convs`` names such convs; ``channels_last``
converts a model unless its training on the CPU would hit them.
"""
from typing import List

import torch
import torch.nn as nn

MIN_CHANNELS = 16  # the AVX-512 channel block; AVX2's is 8


def onednn_unsafe_convs(model: nn.Module) -> List[str]:
    """Names of the CPU 1x1 strided Conv2d modules with fewer than
    ``MIN_CHANNELS`` input channels per group (the #6035 case)."""
    return [name for name, m in model.named_modules()
            if isinstance(m, nn.Conv2d) and m.weight.device.type == 'cpu'
            and m.kernel_size == (1, 1) and m.stride != (1, 1)
            and m.in_channels // m.groups < MIN_CHANNELS]


def channels_last(model: nn.Module, backward: bool, who: str) -> nn.Module:
    """``model.to(memory_format=torch.channels_last)`` in place, unless
    ``backward`` (it will be trained) and it has convs that oneDNN gets
    wrong there: then a RuntimeError names them, ``who`` (the hook or the
    tool option) and the oneDNN issue, and nothing is converted."""
    unsafe = onednn_unsafe_convs(model) if backward else []
    if unsafe:
        raise RuntimeError(
            f'{who}: not converting the model to channels_last: on the CPU, '
            'oneDNN computes wrong weight gradients or crashes for 1x1 '
            f'strided convs with fewer than {MIN_CHANNELS} input channels '
            f'in that layout (oneDNN issue #6035); here: {unsafe}.')
    return model.to(memory_format=torch.channels_last)
