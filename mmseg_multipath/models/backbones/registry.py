"""Register a backbone in both mmseg's and mmpretrain's ``MODELS``.

The classification backbones of the toolbox (WiderResNet, and later
SeqResNet and ChoiceNet) are built by mmseg configs (``EncoderDecoder``) and
by mmpretrain configs (``ImageClassifier``); one class serves both.
"""
from mmpretrain.registry import MODELS as PRETRAIN_MODELS
from mmseg.registry import MODELS as SEG_MODELS


def register_backbone(cls):
    """Class decorator: register ``cls`` under its name in both registries."""
    SEG_MODELS.register_module(module=cls)
    PRETRAIN_MODELS.register_module(module=cls)
    return cls
