# BN twin of the CPU-sized AGC SegNet: only the norm changes.
_base_ = ['./segnet_vgg16w16-agc_1xb4-2k_demo-96x128.py']
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    backbone=dict(norm_cfg=norm_cfg), decode_head=dict(norm_cfg=norm_cfg))
custom_hooks = [
    h for h in _base_.custom_hooks
    if h['type'] not in ('AGCInitHook', 'AGCLambdaHook')
]
