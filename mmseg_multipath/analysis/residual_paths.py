"""Gradient magnitude per path length: "Wider or Deeper" section 6.3, Fig. 4.

The experiment (after Veit et al.): for a network with ``n`` residual units,
feed a batch forward through the whole network; in the backward pass pick
``k`` units at random and let the gradient through only their residual
branches (not their shortcuts), and through only the shortcuts of the other
``n - k`` units. The norm of the gradient that reaches the input, divided by
the batch size, measures how much paths of length ``k`` contribute.

Forward values are never changed. Gradient hooks on ``branch`` and
``shortcut`` multiply the incoming gradient by a 0/1 gate read at backward
time, so one forward pass serves every sampled path (one ``autograd.grad``
call per sample).

Supported units (:func:`residual_adapter`):

* the toolbox's residual units (``residual_unit = True``: ``PreActUnit``,
  ``SharedResBlock``, ``ActResNet``'s blocks, SeqResNet's ``SeqBlock``):
  they join branch and shortcut through
  :class:`~mmseg_multipath.models.layers.ResidualAdd` modules in their
  ordinary forward, and the gates are forward pre-hooks on those modules
  (no second code path);
* mmseg's ``BasicBlock`` / ``Bottleneck`` (output ``relu(branch +
  shortcut)``, plugins honoured), whose forward is re-expressed here.
"""
import random
from typing import Callable, List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
from mmseg.models.backbones.resnet import BasicBlock, Bottleneck

from mmseg_multipath.models.layers import ResidualAdd


def _mmseg_basic(block, x):
    out = block.relu(block.norm1(block.conv1(x)))
    out = block.norm2(block.conv2(out))
    identity = x if block.downsample is None else block.downsample(x)
    return out, identity


def _mmseg_bottleneck(block, x):
    out = block.relu(block.norm1(block.conv1(x)))
    if block.with_plugins:
        out = block.forward_plugin(out, block.after_conv1_plugin_names)
    out = block.relu(block.norm2(block.conv2(out)))
    if block.with_plugins:
        out = block.forward_plugin(out, block.after_conv2_plugin_names)
    out = block.norm3(block.conv3(out))
    if block.with_plugins:
        out = block.forward_plugin(out, block.after_conv3_plugin_names)
    identity = x if block.downsample is None else block.downsample(x)
    return out, identity


def residual_adapter(module: nn.Module
                     ) -> Optional[Tuple[Callable, Callable]]:
    """``'hook'`` for the toolbox's residual units (gated through their
    ``ResidualAdd`` modules), ``(parts(module, x), post(y))`` for mmseg's
    blocks, else None."""
    if getattr(module, 'residual_unit', False):
        return 'hook'
    if isinstance(module, Bottleneck):
        return _mmseg_bottleneck, (lambda y: torch.relu(y))
    if isinstance(module, BasicBlock):
        return _mmseg_basic, (lambda y: torch.relu(y))
    return None


def find_residual_units(model: nn.Module) -> List[Tuple[str, nn.Module]]:
    """The residual units of ``model`` in forward (registration) order."""
    return [(name, m) for name, m in model.named_modules()
            if residual_adapter(m) is not None]


class PathGate:
    """Installs gradient gates on every residual unit of a model.

    ``set_path(active)``: units whose index is in ``active`` pass gradient
    through the branch only, the others through the shortcut only;
    ``set_path(None)`` opens everything (the normal gradient).
    """

    def __init__(self, model: nn.Module):
        self.units = find_residual_units(model)
        if not self.units:
            raise ValueError(
                f'{type(model).__name__} has no residual units this tool '
                'knows (modules with residual_unit = True, or mmseg '
                'BasicBlock/Bottleneck)')
        self.gates = [[1.0, 1.0] for _ in self.units]
        self._saved, self._handles = [], []
        for i, (_, unit) in enumerate(self.units):
            adapter = residual_adapter(unit)
            if adapter == 'hook':
                gate = self._gate_fn(i)
                for m in unit.modules():
                    if isinstance(m, ResidualAdd):
                        self._handles.append(m.register_forward_pre_hook(
                            lambda mod, args, gate=gate: gate(*args)))
                continue
            parts, post = adapter
            self._saved.append((unit, vars(unit).get('forward')))
            unit.forward = self._gated_forward(unit, parts, post, i)

    def _gate_fn(self, i):
        """``(branch, shortcut) -> (branch, shortcut)`` with unit i's gates
        on their gradients."""
        gates = self.gates

        def gate(branch, shortcut):
            # fresh autograd nodes: an identity shortcut *is* x, and a hook
            # on x would gate every path into x, not only this one
            branch, shortcut = branch.view_as(branch), shortcut.view_as(
                shortcut)
            if branch.requires_grad:
                branch.register_hook(lambda g: g * gates[i][0])
            if shortcut.requires_grad:
                shortcut.register_hook(lambda g: g * gates[i][1])
            return branch, shortcut
        return gate

    def _gated_forward(self, unit, parts, post, i):
        gate = self._gate_fn(i)

        def forward(x):
            branch, shortcut = gate(*parts(unit, x))
            return post(branch + shortcut)
        return forward

    def set_path(self, active: Optional[Sequence[int]]):
        active = None if active is None else set(active)
        for i, g in enumerate(self.gates):
            if active is None:
                g[0] = g[1] = 1.0
            else:
                g[0], g[1] = (1.0, 0.0) if i in active else (0.0, 1.0)

    def remove(self):
        for handle in self._handles:
            handle.remove()
        for unit, fwd in self._saved:
            if fwd is None:
                del unit.forward  # back to the class's forward
            else:
                unit.forward = fwd
        self._saved, self._handles = [], []


def path_gradient_norms(forward: Callable[[torch.Tensor], torch.Tensor],
                        gate: PathGate, x: torch.Tensor,
                        loss_fn: Callable[[torch.Tensor], torch.Tensor],
                        lengths: Sequence[int], samples: int = 10,
                        seed: int = 0) -> dict:
    """``{k: [norm per sample]}``: the input-gradient norm of the batch
    divided by its size, for ``samples`` random paths of each length k."""
    rng = random.Random(seed)
    n = len(gate.units)
    x = x.detach().requires_grad_(True)
    loss = loss_fn(forward(x))
    results = {}
    for k in lengths:
        if not 0 <= k <= n:
            raise ValueError(f'path length {k} outside 0..{n} (the model '
                             f'has {n} residual units)')
        norms = []
        for _ in range(samples):
            gate.set_path(rng.sample(range(n), k))
            grad, = torch.autograd.grad(loss, x, retain_graph=True)
            norms.append(grad.norm().item() / x.shape[0])
        results[k] = norms
    gate.set_path(None)
    return results
