"""``frozen_stages`` and ``norm_eval`` for the toolbox's backbones.

The mmseg convention (as in its ``ResNet``): frozen parts run in eval mode
with ``requires_grad=False``; with ``norm_eval`` every BN keeps its running
statistics while the rest trains (the "Wider or Deeper" fine-tuning
recipe). A backbone lists what ``frozen_stages`` freezes in
``_frozen_modules()``.
"""
import torch.nn as nn


class FreezeMixin:
    """Mixin for ``nn.Module`` backbones with ``frozen_stages`` and
    ``norm_eval`` attributes and a ``_frozen_modules()`` method."""

    def _frozen_modules(self):
        raise NotImplementedError

    def _freeze(self):
        if self.frozen_stages < 0:
            return
        for m in filter(None, self._frozen_modules()):
            m.eval()
            for p in m.parameters():
                p.requires_grad = False

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze()
        if mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, nn.modules.batchnorm._BatchNorm):
                    m.eval()
        return self
