# AGC version of the CamVid SegNet: only the norm changes (+ lambda monitor).
_base_ = ['./segnet_vgg16-bn_1xb4-150e_camvid-360x480.py']
norm_cfg = dict(type='AGC')
model = dict(
    backbone=dict(norm_cfg=norm_cfg), decode_head=dict(norm_cfg=norm_cfg))
custom_hooks = _base_.custom_hooks + [
    dict(type='AGCInitHook'), dict(type='AGCLambdaHook', interval=50)
]
