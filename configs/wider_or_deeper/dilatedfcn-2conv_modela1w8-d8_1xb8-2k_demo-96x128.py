# CPU demo of the Wider-or-Deeper layout: Model A1 (units 0-3-3-6-3-1-1,
# OS 8 by inc_dilate, '2 conv' dilated head, OHEM) at 1/8 of the width,
# trained from scratch on the embedded demo data (BN statistics train), with
# the demo FCN's schedule.
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/demo.py', '../_base_/cpu_runtime.py',
    '../_base_/schedules/demo_2k.py'
]
crop_size = (96, 128)
norm_cfg = dict(type='BN', eps=1.001e-5, requires_grad=True)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(width_divisor=8, norm_cfg=norm_cfg, norm_eval=False),
    decode_head=dict(in_channels=512, channels=64, num_classes=11))
