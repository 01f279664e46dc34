"""Count the bytes an autograd graph keeps alive for backward.

Walks the graph from an output's ``grad_fn`` and collects every tensor a node
saved: built-in nodes expose them as ``_saved_*`` attributes, custom
``autograd.Function`` nodes as ``saved_tensors`` plus tensors set on ``ctx``
(e.g. AGC's fused-mode output alias). Storages are counted once, so a tensor
shared by several nodes (an in-place ReLU's output that the next conv also
keeps) counts once: the number is what backward actually holds, on any
device, without a GPU memory profiler.
"""
from typing import Set

import torch


def _storages(obj, seen: Set[int], total: list) -> None:
    if isinstance(obj, torch.Tensor):
        st = obj.untyped_storage()
        key = st.data_ptr()
        if key and key not in seen:
            seen.add(key)
            total[0] += st.nbytes()
    elif isinstance(obj, (tuple, list)):
        for o in obj:
            _storages(o, seen, total)


def saved_tensor_bytes(output: torch.Tensor,
                       exclude_params: bool = True) -> int:
    """Bytes of distinct storages saved for backward by ``output``'s graph.

    Args:
        output: a tensor with a ``grad_fn``.
        exclude_params: leave out leaf tensors that require grad (weights),
            which exist with or without the graph.
    """
    seen: Set[int] = set()
    if exclude_params:
        stack = [output.grad_fn]
        visited = set()
        while stack:
            node = stack.pop()
            if node is None or node in visited:
                continue
            visited.add(node)
            if hasattr(node, 'variable'):  # AccumulateGrad: a parameter
                seen.add(node.variable.untyped_storage().data_ptr())
            stack.extend(fn for fn, _ in node.next_functions)
    total = [0]
    stack, visited = [output.grad_fn], set()
    while stack:
        node = stack.pop()
        if node is None or node in visited:
            continue
        visited.add(node)
        for name in dir(node):
            if name.startswith('_saved_'):
                try:
                    _storages(getattr(node, name), seen, total)
                except RuntimeError:  # freed or not materialised
                    pass
        if isinstance(node, torch.autograd.function.BackwardCFunction):
            _storages(node.saved_tensors, seen, total)
            for value in vars(node).values():
                _storages(value, seen, total)
        stack.extend(fn for fn, _ in node.next_functions)
    return total[0]
