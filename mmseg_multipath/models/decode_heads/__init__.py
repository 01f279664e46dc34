"""Decode heads of the toolbox (registered in mmseg's MODELS)."""
from .dilated_fcn_head import DilatedFCNHead
from .main_logits import main_logits
from .segnet_head import SegNetHead
from .shelf_head import ShelfHead

__all__ = ['DilatedFCNHead', 'SegNetHead', 'ShelfHead', 'main_logits']
