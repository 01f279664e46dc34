"""Models of mmseg-multipath, registered in mmseg's (and mmcv's) registries.

Sub-packages: ``backbones``, ``decode_heads``, ``layers`` (shared building
blocks) and ``losses``.
"""
from . import backbones, decode_heads, layers, losses  # noqa: F401
