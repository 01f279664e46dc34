"""Models of mmseg-multipath, registered in mmseg's (and mmcv's) registries.

Sub-packages: ``backbones``, ``decode_heads``, ``layers`` (shared building
blocks), ``losses`` and ``segmentors`` (the deployed model);
``data_preprocessor`` holds the val/test batcher for images of mixed sizes.
"""
from . import backbones, decode_heads, layers, losses, segmentors  # noqa: F401
from .data_preprocessor import MixedSizeSegDataPreProcessor  # noqa: F401
