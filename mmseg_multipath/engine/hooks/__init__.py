from .agc_fusion_hook import AGCFusionHook
from .agc_init_hook import AGCInitHook
from .agc_lambda_hook import AGCLambdaHook
from .atomic_checkpoint_hook import AtomicCheckpointHook
from .channels_last_hook import ChannelsLastHook
from .class_weight_hook import (ClassWeightHook, enet_class_weights,
                                label_histogram)
from .early_progress_hook import EarlyProgressHook
from .fold_conv_bn_hook import FoldConvBNHook
from .iter_seed_hook import IterSeedHook
from .non_finite_guard_hook import NonFiniteGuardHook, NonFiniteLossError
from .overlay_hook import SegOverlayHook
from .pending_validation_hook import PendingValidationHook
from .resume_skip_hook import ResumeSkipHook
from .skipped_files_hook import SkippedFilesHook
from .steady_malloc_hook import SteadyMallocHook
from .sync_norm_stats_hook import SyncNormStatsHook

__all__ = [
    'AGCFusionHook', 'AGCInitHook', 'AGCLambdaHook', 'AtomicCheckpointHook',
    'ChannelsLastHook', 'ClassWeightHook', 'EarlyProgressHook',
    'enet_class_weights', 'label_histogram', 'FoldConvBNHook', 'IterSeedHook',
    'NonFiniteGuardHook', 'NonFiniteLossError', 'PendingValidationHook',
    'ResumeSkipHook',
    'SegOverlayHook',
    'SkippedFilesHook', 'SteadyMallocHook',
    'SyncNormStatsHook'
]
