"""mmseg-multipath: MMSegmentation 1.x plugin for multi-path segmentation nets.

Importing the package (configs do it with ``custom_imports``) registers all
components in mmseg's registries and applies the compatibility fixes the
pinned stack needs (safe checkpoint loading under torch >= 2.6, mmseg's
class-weighted cross-entropy with ignored pixels).
"""
from .utils.checkpoint_compat import patch_mmengine_checkpoint_loading
from .utils.loss_compat import patch_weighted_cross_entropy
from .version import __version__

patch_mmengine_checkpoint_loading()
patch_weighted_cross_entropy()

from . import apis, datasets, engine, models, visualization  # noqa: E402,F401

__all__ = ['__version__']
