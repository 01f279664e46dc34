# AGC version of the 1/4-width CamVid SegNet: only the norm changes (AGC's
# statistics in float32 under bf16 autocast), plus AGC's initialisation and
# lambda monitor.
_base_ = ['./segnet_vgg16w16-bn_1xb4-1k_camvid-180x240.py']
norm_cfg = dict(type='AGC')
model = dict(
    backbone=dict(norm_cfg=norm_cfg), decode_head=dict(norm_cfg=norm_cfg))
custom_hooks = _base_.custom_hooks + [
    dict(type='AGCInitHook'), dict(type='AGCLambdaHook', interval=50)
]
