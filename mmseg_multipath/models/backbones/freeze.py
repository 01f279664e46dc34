"""``frozen_stages`` and ``norm_eval``: one implementation for every
backbone of the toolbox that has norms (``WiderResNet``, ``SeqResNet``,
``ChoiceNet``, ``ChoiceUNet``, ``SegNet``, ``ActResNet``).

The mmseg convention (as in its ``ResNet``): frozen parts run in eval mode
with ``requires_grad=False``; with ``norm_eval`` every BN (any
``_BatchNorm``: BN, SyncBN) keeps its running statistics while the rest
trains (the "Wider or Deeper" fine-tuning recipe). A backbone lists what
``frozen_stages`` freezes in ``_frozen_modules()``.

One difference from mmseg's ``ResNet``, on purpose: ``norm_eval`` freezes
statistics that were *loaded*. Until weights reach the backbone (a
``Pretrained`` init_cfg, ``load_from``, ``--resume`` or any
``load_state_dict`` that holds its keys) its BN statistics are the
initial ones (mean 0, variance 1), and freezing them would train the
network without normalisation. So ``norm_eval`` waits, the statistics
train, and one warning says so; from the first load on it behaves exactly
as mmseg's. Norms without statistics (AGC, GN) are not affected.
docs/get_started.md ("norm_eval") says the same for users.
"""
import torch.nn as nn
from mmengine.logging import print_log


class FreezeMixin:
    """Mixin for ``nn.Module`` backbones: ``frozen_stages`` and
    ``norm_eval`` (see module doc). It must come first among the bases
    (a class that puts it after ``nn.Module`` is refused when it is
    created); a
    backbone sets ``self.frozen_stages`` / ``self.norm_eval`` and lists its
    frozen parts in ``_frozen_modules()``."""

    frozen_stages = -1
    norm_eval = False
    _weights_loaded = False
    _warned_initial_stats = False

    def __init_subclass__(cls, **kwargs):
        """Refuse a class whose bases put a ``train`` or
        ``_load_from_state_dict`` (``nn.Module``'s, mmseg's ``ResNet``'s)
        before this mixin's: ``frozen_stages`` and ``norm_eval`` would do
        nothing, in silence."""
        super().__init_subclass__(**kwargs)
        mro = cls.__mro__
        for base in mro[1:mro.index(FreezeMixin)]:
            if issubclass(base, FreezeMixin):
                continue
            for name in ('train', '_load_from_state_dict'):
                if name in vars(base):
                    raise TypeError(
                        f'{cls.__name__}: FreezeMixin must come before '
                        f'{base.__name__} among the bases ({base.__name__}.'
                        f'{name} would hide FreezeMixin.{name}, and '
                        'frozen_stages / norm_eval would do nothing): write '
                        f'class {cls.__name__}(FreezeMixin, '
                        f'{base.__name__}, ...)')

    def _frozen_modules(self):
        """The modules ``frozen_stages`` freezes (``None`` entries are
        skipped)."""
        return []

    def _freeze_stages(self):
        if self.frozen_stages < 0:
            return
        for m in filter(None, self._frozen_modules()):
            m.eval()
            for p in m.parameters():
                p.requires_grad = False

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        if any(k.startswith(prefix) for k in state_dict):
            self._weights_loaded = True
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def _norms_with_stats(self):
        return [m for m in self.modules()
                if isinstance(m, nn.modules.batchnorm._BatchNorm)]

    def train(self, mode: bool = True):
        # nn.Module's train, not a parent backbone's (mmseg's ResNet has
        # its own norm_eval): this is the one implementation
        nn.Module.train(self, mode)
        self._freeze_stages()
        if not (mode and self.norm_eval):
            return self
        norms = self._norms_with_stats()
        if not self._weights_loaded:
            if norms and not self._warned_initial_stats:
                self._warned_initial_stats = True
                print_log(
                    f'{type(self).__name__}: norm_eval=True but no weights '
                    'were loaded into the backbone (training from scratch): '
                    'its BN statistics are the initial ones, so they train '
                    'instead of staying frozen', logger='current', level=30)
            return self
        for m in norms:
            m.eval()
        return self
