# mmseg's runtime plus the plugin: registers mmseg-multipath's components
# (custom_imports), makes resumed runs follow uninterrupted ones exactly
# (IterSeedHook) and stops at the first NaN/Inf loss or weight before a
# checkpoint is written (NonFiniteGuardHook), and averages BN statistics over
# DDP ranks before checkpoints and validation (SyncNormStatsHook). A config
# that sets its own custom_hooks lists these again; an expert may leave the
# guard out.
_base_ = ['mmseg::_base_/default_runtime.py']
custom_imports = dict(imports=['mmseg_multipath'], allow_failed_imports=False)
default_scope = 'mmseg'
custom_hooks = [
    dict(type='IterSeedHook'),
    dict(type='NonFiniteGuardHook'),
    dict(type='SyncNormStatsHook')
]
