"""The residual sum as a module: the one place a residual unit joins its
branch and its shortcut.

Every residual unit of the toolbox (``PreActUnit`` of "Wider or Deeper",
ShelfNet's ``SharedResBlock``, ``ActResNet``'s blocks, and each group of a
SeqConv layer with an embedded shortcut) computes ``add(branch,
shortcut)`` in its ordinary forward. Analysis code hooks that module
(``register_forward_pre_hook`` may replace the two inputs, e.g. to gate
their gradients) instead of re-running the unit's maths in a second code
path. It has no parameters, so checkpoints are unaffected.

Input: two tensors of one shape; output: their sum, same shape.
"""
import torch.nn as nn


class ResidualAdd(nn.Module):
    """``branch + shortcut`` (see module doc)."""

    def forward(self, branch, shortcut):
        return branch + shortcut


__all__ = ['ResidualAdd']
