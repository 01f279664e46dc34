# What every config of the toolbox runs with, mmseg's runtime or not:
# mmseg-multipath's components (custom_imports), resumed runs that follow
# uninterrupted ones exactly (IterSeedHook), a stop at the first NaN/Inf
# loss or weight before a checkpoint is written (NonFiniteGuardHook), BN
# statistics averaged over DDP ranks before checkpoints and validation
# (SyncNormStatsHook), AGC layers run fused with the in-place activations
# after them (AGCFusionHook: the one place a model is fused; nothing for
# models without AGC), and one progress line per iteration until the
# logger's first (EarlyProgressHook). Configs that inherit an mmseg model
# config (with its runtime) add this file to their _base_; the others get
# it through default_runtime.py. A config adds its own hooks as
# ``custom_hooks = _base_.custom_hooks + [...]``.
custom_imports = dict(imports=['mmseg_multipath'], allow_failed_imports=False)
custom_hooks = [
    dict(type='IterSeedHook'),
    dict(type='NonFiniteGuardHook'),
    dict(type='SyncNormStatsHook'),
    dict(type='AGCFusionHook'),
    dict(type='EarlyProgressHook')
]
