# "Wider or Deeper" Model A1 + '2 conv' head (Cityscapes, the official
# recipe) with AGC in place of every BN of the backbone. AGC keeps no running
# statistics, so norm_eval (frozen BN statistics) has nothing to freeze and
# is off; gains start from the LSUV-style AGCInitHook, lambda is logged.
# The released ImageNet weights carry BN parameters (bn*_gamma/beta): load
# the converted checkpoint for the conv weights; norm keys stay unmatched.
_base_ = [
    '../wider_or_deeper/'
    'dilatedfcn-2conv_modela1-d8_4xb4-38k_cityscapes-504x504.py'
]
model = dict(backbone=dict(norm_cfg=dict(type='AGC'), norm_eval=False))
custom_hooks = _base_.custom_hooks + [
    dict(type='AGCInitHook'), dict(type='AGCLambdaHook', interval=50)
]
