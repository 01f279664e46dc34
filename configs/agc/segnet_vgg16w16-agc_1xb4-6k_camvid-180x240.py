# AGC version of segnet_vgg16w16-bn_1xb4-6k_camvid-180x240.py: only the
# norm changes, with AGC's initialisation and lambda monitor, as in
# segnet_vgg16w16-agc_1xb4-1k_camvid-180x240.py.
_base_ = ['./segnet_vgg16w16-bn_1xb4-6k_camvid-180x240.py']
norm_cfg = dict(type='AGC')
model = dict(
    backbone=dict(norm_cfg=norm_cfg), decode_head=dict(norm_cfg=norm_cfg))
custom_hooks = _base_.custom_hooks + [
    dict(type='AGCInitHook'), dict(type='AGCLambdaHook', interval=50)
]
