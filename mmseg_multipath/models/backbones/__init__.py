"""Backbones of the toolbox (registered in mmseg's MODELS)."""
from .segnet import SegNet
from .wider_resnet import WiderResNet

__all__ = ['SegNet', 'WiderResNet']
