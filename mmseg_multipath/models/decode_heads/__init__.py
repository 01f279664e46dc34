"""Decode heads of the toolbox (registered in mmseg's MODELS)."""
from .segnet_head import SegNetHead

__all__ = ['SegNetHead']
