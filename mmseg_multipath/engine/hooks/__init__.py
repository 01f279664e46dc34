from .agc_lambda_hook import AGCLambdaHook
from .class_weight_hook import (ClassWeightHook, enet_class_weights,
                                label_histogram)
from .iter_seed_hook import IterSeedHook
from .overlay_hook import SegOverlayHook

__all__ = [
    'AGCLambdaHook', 'ClassWeightHook', 'enet_class_weights',
    'label_histogram', 'IterSeedHook', 'SegOverlayHook'
]
