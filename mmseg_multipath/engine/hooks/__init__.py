from .iter_seed_hook import IterSeedHook
from .overlay_hook import SegOverlayHook

__all__ = ['IterSeedHook', 'SegOverlayHook']
