"""Data-dependent initialisation of AGC gains (LSUV-style).

AGC (Deep Control, Eq. 1) removes the per-map mean but, unlike BN, does not
divide by the standard deviation. In a deep plain network trained from
scratch (SegNet: 26 convolutions, unpooling that leaves 3/4 zeros) the
signal then shrinks layer by layer at initialisation (measured on the
demo SegNet: output std 0.6 after the first AGC, 1e-3 after the 25th,
logits ~1e-4) and training stalls at a constant prediction. The paper does
not say how its layers were initialised.

:func:`init_agc_gains` fixes the scale once, before training, the way LSUV
(Mishkin & Matas, "All you need is a good init", ICLR 2016) does for plain
convolutions: one forward pass on a training batch, and each AGC layer, in
execution order, sets its gamma (one factor per layer, so channel ratios
are kept) so that its output has unit standard deviation; the rescaled
output flows on, so each layer sees the already-normalised input. With
several processes the measured standard deviations are averaged, so every
rank gets the same gains. It changes only gamma (and beta by the same
factor), never the function's form.
"""
from typing import Callable, Dict

import torch
import torch.nn as nn
from mmengine.dist import all_reduce, get_world_size

from .agc import AGC


@torch.no_grad()
def init_agc_gains(model: nn.Module, forward: Callable[[], object],
                   target_std: float = 1.0) -> Dict[str, float]:
    """Scale every AGC layer's gamma so its output std is ``target_std``.

    Args:
        model: the network (its AGC layers are found by ``modules()``).
        forward: runs one forward pass of ``model`` on real data.
        target_std: wanted standard deviation of each AGC output.

    Returns:
        ``{layer name: factor applied to gamma}`` in execution order.
    """
    factors: Dict[str, float] = {}
    handles = []

    def hook(name):
        def fn(module, inputs, output):
            std = output.float().std().reshape(1)
            if get_world_size() > 1:
                all_reduce(std, op='mean')
            factor = float(target_std / std.clamp_min(1e-12))
            module.weight.mul_(factor)
            module.bias.mul_(factor)
            factors[name] = factor
            return output * factor

        return fn

    for name, m in model.named_modules():
        if isinstance(m, AGC):
            handles.append(m.register_forward_hook(hook(name)))
    try:
        forward()
    finally:
        for h in handles:
            h.remove()
    return factors
