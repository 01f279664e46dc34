"""The main segmentation logits of a decode head's ``forward``.

A head with extra outputs returns ``(main, *extra)`` from ``forward`` (as
mmseg's ``EncHead`` with its SE output, and :class:`ShelfHead` with its SE
or auxiliary outputs), any other head a tensor; code that runs a head
directly (export, benchmarks, analysis tools) takes the main logits with
:func:`main_logits`. Shapes: (N, C, h, w) either way.
"""
import torch


def main_logits(out) -> torch.Tensor:
    """``out`` if it is a tensor, else its first element."""
    return out[0] if isinstance(out, (tuple, list)) else out


__all__ = ['main_logits']
