"""Backbones of the toolbox (registered in mmseg's MODELS)."""
from .segnet import SegNet
from .seq_resnet import SeqResNet
from .wider_resnet import WiderResNet

__all__ = ['SegNet', 'SeqResNet', 'WiderResNet']
