# Model A1 + '2 conv' (OS 8, OHEM) at 1/8 of the width, from scratch with
# BN whose statistics train: the CPU-sized Wider-or-Deeper model of the demo
# and of the short real-CamVid run. Leaf configs set data_preprocessor.size
# and the data set.
_base_ = ['./wider_resnet_a1_d8_2conv.py']
norm_cfg = dict(type='BN', eps=1.001e-5, requires_grad=True)
model = dict(
    backbone=dict(width_divisor=8, norm_cfg=norm_cfg, norm_eval=False,
                  init_cfg=None),
    decode_head=dict(in_channels=512, channels=64, num_classes=11))
