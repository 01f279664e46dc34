# What every config of the toolbox runs with, whichever OpenMMLab entry
# point runs it (our tools/train.py and tools/test.py, mmseg's, `mim train`,
# RUNNERS.build(cfg) in a notebook):
# - mmseg-multipath's components (custom_imports);
# - MultipathRunner (runner_type): mmengine's Runner with checkpoints
#   written atomically (AtomicCheckpointHook in place of CheckpointHook),
#   val/test batches of mixed image sizes (MixedSizeSegDataPreProcessor in
#   place of SegDataPreProcessor) and persistent_workers off without
#   workers; the config it ran is dumped to the work dir as it ran;
# - resumed runs that follow uninterrupted ones exactly (IterSeedHook), a
#   stop at the first NaN/Inf loss or weight before a checkpoint is written
#   (NonFiniteGuardHook), BN statistics averaged over DDP ranks before
#   checkpoints and validation (SyncNormStatsHook), AGC layers run fused
#   with the in-place activations after them (AGCFusionHook: the one place
#   a model is fused; nothing for models without AGC), one progress line
#   per iteration until the logger's first (EarlyProgressHook), a
#   warning naming the image files a split's folder scan skipped
#   (SkippedFilesHook), a validation cut short by a stop run again
#   when the run resumes, before training goes on (PendingValidationHook),
#   a resume that skips the trained batches without loading them again
#   where the checkpoint holds the data's random state (ResumeSkipHook),
#   and glibc's malloc told to keep freed memory, so that the tensors a
#   step frees and reallocates are not page-faulted in anew each step
#   (SteadyMallocHook).
# Configs that inherit an mmseg model config (with its runtime) add this
# file to their _base_; the others get it through default_runtime.py. A
# config adds its own hooks as ``custom_hooks = _base_.custom_hooks + [...]``.
custom_imports = dict(imports=['mmseg_multipath'], allow_failed_imports=False)
runner_type = 'MultipathRunner'
custom_hooks = [
    dict(type='IterSeedHook'),
    dict(type='NonFiniteGuardHook'),
    dict(type='SyncNormStatsHook'),
    dict(type='AGCFusionHook'),
    dict(type='EarlyProgressHook'),
    dict(type='SkippedFilesHook'),
    dict(type='PendingValidationHook'),
    dict(type='ResumeSkipHook'),
    dict(type='SteadyMallocHook'),
]
