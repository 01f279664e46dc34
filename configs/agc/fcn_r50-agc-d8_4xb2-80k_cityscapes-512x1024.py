# mmseg's own FCN-R50-D8 (Cityscapes, 512x1024, 80k) with AGC in place of
# SyncBN everywhere: the config changes only norm_cfg (+ the plugin import
# and the lambda monitor). No ImageNet-pretrained AGC ResNet exists, so the
# backbone loads the BN-pretrained conv weights (norm keys differ: agc* vs
# bn*, which mmengine reports as missing/unexpected keys).
_base_ = [
    'mmseg::fcn/fcn_r50-d8_4xb2-80k_cityscapes-512x1024.py',
    '../_base_/runtime_hooks.py'
]
norm_cfg = dict(type='AGC')
model = dict(
    backbone=dict(norm_cfg=norm_cfg),
    decode_head=dict(norm_cfg=norm_cfg),
    auxiliary_head=dict(norm_cfg=norm_cfg))
custom_hooks = _base_.custom_hooks + [
    dict(type='AGCInitHook'),
    dict(type='AGCLambdaHook', interval=50)
]
