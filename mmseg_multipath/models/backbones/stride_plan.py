"""Output stride by dilation: one rule for the toolbox's backbones.

A backbone down-samples at fixed points (before B2..B6 in "Wider or
Deeper", at each SeqResNet down-sampling block). For an output stride
below the native one, the official ``inc_dilate`` rule of the "Wider or
Deeper" code (itijyou/ademxapp, ``util/symbol/resnet_v2.py``), also the
rule of dilated ResNets, applies at every point past the wanted stride:
the step keeps stride 1, its first op (and shortcut) stays at the old
dilation, and every op after it uses twice the dilation.
"""
from typing import List, Tuple


def stride_plan(num_steps: int, output_stride: int,
                stride: int = 1) -> List[Tuple[int, int, int]]:
    """``(step_stride, first_dilation, dilation_after)`` for each of
    ``num_steps`` down-sampling points, starting at ``stride``."""
    plan, dilation = [], 1
    for _ in range(num_steps):
        if stride * 2 <= output_stride:
            stride *= 2
            plan.append((2, dilation, dilation))
        else:
            plan.append((1, dilation, dilation * 2))
            dilation *= 2
    return plan


__all__ = ['stride_plan']
