"""Backbones of the toolbox (registered in mmseg's MODELS)."""
from .segnet import SegNet

__all__ = ['SegNet']
