"""The loss recipe of every head of a (model) config, set in one call.

A training recipe compared across models (the CamVid benchmark: ShelfNet18-lw
against mmseg's BiSeNetV1-R18) must reach every head the same way: ShelfNet's
one ``ShelfHead`` computes its main and auxiliary losses with its own
``loss_decode`` and ``sampler``, BiSeNetV1 has a decode head and two
auxiliary ``FCNHead`` s, each with its own. :func:`head_losses` returns a copy
of a model config whose decode head and every auxiliary head use the given
loss type (its other arguments kept) and pixel sampler.

- class balancing: ``loss='WeightedCrossEntropyLoss'`` with
  ``ClassWeightHook`` in ``custom_hooks`` (ENet's weights, Paszke et al.
  2016, normalised to mean 1 as in Deep Control);
- OHEM: ``sampler=ohem_sampler(crop_size)``, mmseg's ``OHEMPixelSampler`` as
  the official ShelfNet code uses it (probability threshold 0.7, at least
  1/16 of the pixels of each image kept).
"""
import copy
from typing import Optional, Sequence

_UNSET = object()


def ohem_sampler(crop_size: Sequence[int], thresh: float = 0.7,
                 keep_fraction: float = 1 / 16) -> dict:
    """mmseg's ``OHEMPixelSampler`` keeping at least ``keep_fraction`` of the
    pixels of each (H, W) crop (its ``min_kept`` is per image)."""
    h, w = crop_size
    return dict(type='OHEMPixelSampler', thresh=thresh,
                min_kept=int(h * w * keep_fraction))


def _heads(model: dict):
    for key in ('decode_head', 'auxiliary_head'):
        head = model.get(key)
        for h in head if isinstance(head, (list, tuple)) else [head]:
            if isinstance(h, dict):
                yield key, h


def head_losses(model: dict, loss: Optional[str] = None,
                sampler=_UNSET) -> dict:
    """A copy of ``model`` whose decode and auxiliary heads compute their
    losses with ``loss`` (a registered loss type replacing each
    ``loss_decode``'s type, its arguments kept) and ``sampler`` (a pixel
    sampler config, or None for none). Arguments left out are not changed.
    The result replaces the model of the config that assigns it
    (``_delete_=True``, as ``model_of``: a sampler dict may replace a base's
    None). Raises ``ValueError`` naming the head whose ``loss_decode`` is a
    list (several loss terms: which one to replace is not defined)."""
    model = copy.deepcopy(dict(model))
    model.pop('_delete_', None)
    found = False
    for key, head in _heads(model):
        found = True
        if loss is not None:
            decode = head.get('loss_decode')
            if not isinstance(decode, dict):
                raise ValueError(
                    f'head_losses: model.{key}.loss_decode is '
                    f'{type(decode).__name__}, not one loss dict')
            head['loss_decode'] = dict(decode, type=loss)
        if sampler is not _UNSET:
            head['sampler'] = copy.deepcopy(sampler)
    if not found:
        raise ValueError('head_losses: the model config has no decode_head '
                         'or auxiliary_head')
    return dict(_delete_=True, **model)


__all__ = ['head_losses', 'ohem_sampler']
