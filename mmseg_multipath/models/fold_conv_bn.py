"""Fold eval-mode BatchNorm into the convolution that feeds it, found from
the forward pass itself.

mmcv's ``fuse_conv_bn`` pairs a norm with the conv *registered* just
before it among its siblings, so the result depends on the order of the
``__init__`` statements: a conv used twice with two norms (ShelfNet's
S-Block), a norm after a shortcut add (SeqConv), a pre-activation norm or
a stem conv with the final norm many containers later would be folded
wrongly. :func:`fold_conv_bn` instead runs one forward pass, records which
conv call produced each norm's input and who else read that output
(``torch.overrides.TorchFunctionMode`` sees every torch function, so an
add, a concatenation or a returned raw stream counts), and folds a pair
only when

* the norm (any ``_BatchNorm`` in eval mode: ``nn.BatchNorm2d``, SyncBN,
  mmengine's ``_BatchNormXd`` from ``revert_sync_batchnorm``; affine or
  not) is called once,
  on the output of one ``nn.Conv2d`` call (any groups / dilation / stride),
* that conv module is called exactly once in the pass, and
* nothing but that one norm reads the conv's output.

The folded conv computes ``W' = W * g / sqrt(v + eps)``,
``b' = (b - m) * g / sqrt(v + eps) + beta`` (``g`` = norm weight, ``beta``
= its bias, ``m`` / ``v`` its running statistics) and the norm becomes
``nn.Identity``. The model is changed in place and returned with the list
of folded ``(conv name, norm name)`` pairs. For inference only
(``benchmark.py --modes fp32+fuse``); a model to be trained keeps its
norms. Input of the probe pass: ``example`` (a tensor for ``forward`` or
the arguments of ``run``), any shape the model takes.
"""
from typing import Callable, List, Optional, Tuple

import torch
import torch.nn as nn
from torch.nn.modules.batchnorm import _BatchNorm
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_flatten

# what asks a tensor about itself without reading its values
_METADATA = {'dim', 'size', 'numel', 'stride', 'is_contiguous', 'ndimension',
             '__get__', 'is_floating_point', 'element_size', 'data_ptr'}


class _Reads(TorchFunctionMode):
    """Counts, per tensor, the torch function calls that read its values,
    outside the norm modules' own forward."""

    def __init__(self):
        super().__init__()
        self.reads = {}
        self.keep = []  # holds the tensors so that their ids stay unique
        self.in_norm = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if not self.in_norm and \
                getattr(func, '__name__', '') not in _METADATA:
            for t in tree_flatten((args, kwargs))[0]:
                if isinstance(t, torch.Tensor):
                    self.reads[id(t)] = self.reads.get(id(t), 0) + 1
                    self.keep.append(t)
        return func(*args, **kwargs)


def _foldable_pairs(model: nn.Module, run: Callable[[], object]
                    ) -> List[Tuple[str, str]]:
    names = {m: n for n, m in model.named_modules()}
    conv_calls, produced_by, norm_inputs, norm_reads = {}, {}, {}, {}
    mode = _Reads()

    def after_conv(module, args, out):
        conv_calls[module] = conv_calls.get(module, 0) + 1
        produced_by[id(out)] = module
        mode.keep.append(out)

    def before_norm(module, args):
        norm_inputs.setdefault(module, []).append(id(args[0]))
        norm_reads[id(args[0])] = norm_reads.get(id(args[0]), 0) + 1
        mode.keep.append(args[0])
        mode.in_norm += 1

    def after_norm(module, args, out):
        mode.in_norm -= 1

    handles = []
    for m in model.modules():
        if type(m) is nn.Conv2d:
            handles.append(m.register_forward_hook(after_conv))
        elif isinstance(m, _BatchNorm) and not m.training and \
                m.track_running_stats:
            handles.append(m.register_forward_pre_hook(before_norm))
            handles.append(m.register_forward_hook(after_norm))
    try:
        with torch.no_grad(), mode:
            run()
    finally:
        for h in handles:
            h.remove()
    pairs = []
    for norm, inputs in norm_inputs.items():
        if len(inputs) != 1 or inputs[0] not in produced_by:
            continue
        conv = produced_by[inputs[0]]
        # one call of the conv, and nothing but this one norm reads its
        # output
        if conv_calls[conv] == 1 and not mode.reads.get(inputs[0]) and \
                norm_reads[inputs[0]] == 1:
            pairs.append((names[conv], names[norm]))
    return pairs


def _fold(conv: nn.Conv2d, norm: _BatchNorm) -> None:
    with torch.no_grad():
        scale = torch.rsqrt(norm.running_var + norm.eps)
        if norm.affine:
            scale = scale * norm.weight
        bias = conv.bias if conv.bias is not None else torch.zeros_like(
            norm.running_mean)
        new_bias = (bias - norm.running_mean) * scale
        if norm.affine:
            new_bias = new_bias + norm.bias
        conv.weight.mul_(scale.reshape(-1, 1, 1, 1).to(conv.weight.dtype))
        conv.bias = nn.Parameter(new_bias.to(conv.weight.dtype))


def _replace(model: nn.Module, name: str, new: nn.Module) -> None:
    parent, _, child = name.rpartition('.')
    setattr(model.get_submodule(parent) if parent else model, child, new)


def fold_conv_bn(model: nn.Module, example=None,
                 run: Optional[Callable[[], object]] = None
                 ) -> Tuple[nn.Module, List[Tuple[str, str]]]:
    """Fold every safe conv -> BN pair of ``model`` (eval mode); returns
    ``(model, pairs)``. ``run`` (no arguments) drives the probe pass,
    default ``model(example)``."""
    if model.training:
        raise ValueError('fold_conv_bn folds eval-mode norms: call '
                         'model.eval() first')
    if run is None:
        if example is None:
            raise ValueError('fold_conv_bn needs an example input or a run '
                             'function for its probe pass')

        def run():
            return model(example)

    pairs = _foldable_pairs(model, run)
    for conv_name, norm_name in pairs:
        _fold(model.get_submodule(conv_name), model.get_submodule(norm_name))
        _replace(model, norm_name, nn.Identity())
    return model, pairs


def fold_segmentor(model, probe_size=(64, 64)):
    """Fold the conv -> BN pairs of an mmseg segmentor's inference path in
    place; returns the folded ``(conv name, norm name)`` pairs. The pairs
    come from one probe pass of the segmentor's tensor mode (backbone and
    decode head, as inference runs them) on a random (1, 3, *probe_size)
    image; the auxiliary heads keep their norms."""
    model.eval()
    device = next(model.parameters()).device
    x = torch.randn(1, 3, *probe_size, device=device)
    with torch.no_grad():
        _, pairs = fold_conv_bn(model, run=lambda: model(x, mode='tensor'))
    return pairs


__all__ = ['fold_conv_bn', 'fold_segmentor']
