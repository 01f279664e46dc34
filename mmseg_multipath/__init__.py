"""mmseg-multipath: MMSegmentation 1.x plugin for multi-path segmentation nets.

Importing the package (configs do it with ``custom_imports``) registers its
components in the OpenMMLab registries and changes no other library, with
one exception: mmengine's checkpoint loading gets the allow-list that torch
>= 2.6 needs to load mmengine's own checkpoints with ``weights_only=True``
(:mod:`mmseg_multipath.utils.checkpoint_compat`).
"""
from .utils.checkpoint_compat import patch_mmengine_checkpoint_loading
from .version import __version__

patch_mmengine_checkpoint_loading()

from . import (apis, datasets, engine, evaluation, models,  # noqa: E402,F401
               visualization)

__all__ = ['__version__']
