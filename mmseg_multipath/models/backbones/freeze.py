"""``frozen_stages`` and ``norm_eval`` for the toolbox's backbones.

The mmseg convention (as in its ``ResNet``): frozen parts run in eval mode
with ``requires_grad=False``; with ``norm_eval`` every BN keeps its running
statistics while the rest trains (the "Wider or Deeper" fine-tuning
recipe). A backbone lists what ``frozen_stages`` freezes in
``_frozen_modules()``.

``norm_eval`` freezes statistics that were *loaded*: until weights reach
the backbone (a ``Pretrained`` init_cfg, ``load_from``, ``--resume`` or any
``load_state_dict`` that holds its keys) its BN statistics are random, and
freezing them would train the network on top of noise. Then ``norm_eval``
waits, the statistics train, and one warning says so.
"""
import torch.nn as nn
from mmengine.logging import print_log


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

    _weights_loaded = False
    _warned_random_stats = False

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        if any(k.startswith(prefix) for k in state_dict):
            self._weights_loaded = True
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze()
        if mode and self.norm_eval and not self._weights_loaded:
            if not self._warned_random_stats:
                self._warned_random_stats = True
                print_log(
                    f'{type(self).__name__}: norm_eval=True but no weights '
                    'were loaded into the backbone (training from scratch): '
                    'its BN statistics are random, so they train instead '
                    'of staying frozen', logger='current', level=30)
        elif mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, nn.modules.batchnorm._BatchNorm):
                    m.eval()
        return self
