"""Shared building blocks (norms, convolutions, blocks) of the toolbox."""
from .agc import AGC, AGCFunction, agc_reference
from .agc_conv_module import fuse_agc_act, patch_conv_module

patch_conv_module()

__all__ = [
    'AGC', 'AGCFunction', 'agc_reference', 'fuse_agc_act',
    'patch_conv_module'
]
