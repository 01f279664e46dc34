"""Initialise a built segmentor as training starts, offline.

mmseg's ``init_model`` (and so the toolbox's ``build_eval_segmentor``)
builds a model without running ``init_weights``: its layers keep PyTorch's
default initialisation, not the config's (``init_cfg``: Kaiming convs, BN
weight 1, the heads' normal(0, 0.01) classifier). Such a model can predict
one or two classes over a whole image, so that a comparison of two
precisions on it agrees on nearly every pixel whatever they compute.
:func:`init_like_training` runs ``init_weights`` as the runner does before
training, with every ``Pretrained`` entry dropped (no download; the
benchmarks measure random weights).
"""
from mmengine.model import BaseModule


def _without_pretrained(init_cfg):
    if isinstance(init_cfg, dict):
        return None if init_cfg.get('type') == 'Pretrained' else init_cfg
    if isinstance(init_cfg, (list, tuple)):
        kept = [c for c in init_cfg if _without_pretrained(c) is not None]
        return kept or None
    return init_cfg


def init_like_training(model):
    """``model.init_weights()`` without pretrained weights, in place;
    returns ``model``."""
    for m in model.modules():
        if isinstance(m, BaseModule):
            m.init_cfg = _without_pretrained(m.init_cfg)
            if hasattr(m, 'pretrained'):
                m.pretrained = None
    model.init_weights()
    return model


__all__ = ['init_like_training']
