# The AGC version of the SegNet testbed: only the norm changes (plus the
# lambda monitor).
_base_ = ['./segnet_vgg16-bn_1xb4-150e_cityscapes-256x512.py']
norm_cfg = dict(type='AGC')
model = dict(
    backbone=dict(norm_cfg=norm_cfg), decode_head=dict(norm_cfg=norm_cfg))
custom_hooks = _base_.custom_hooks + [
    dict(type='AGCInitHook'), dict(type='AGCLambdaHook', interval=50)
]
