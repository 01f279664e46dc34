"""Models of mmseg-multipath, registered in mmseg's (and mmcv's) registries.

Sub-packages: ``backbones``, ``decode_heads``, ``layers`` (shared building
blocks). Each method issue adds its modules here.
"""
from . import backbones, decode_heads, layers  # noqa: F401
