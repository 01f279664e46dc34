# CPU demo of the Wider-or-Deeper layout: Model A1 (units 0-3-3-6-3-1-1,
# OS 8 by inc_dilate, '2 conv' dilated head, OHEM) at 1/8 of the width,
# trained from scratch on the embedded demo data (BN statistics train), with
# the demo FCN's schedule.
_base_ = [
    '../_base_/models/wider_resnet_a1w8_d8_2conv.py',
    '../_base_/datasets/demo.py', '../_base_/cpu_runtime.py',
    '../_base_/schedules/demo_2k.py'
]
crop_size = (96, 128)
model = dict(data_preprocessor=dict(size=crop_size))
# bf16 from the schedule (training steps 1.47x float32 on the CPU); no
# channels_last: refused for training, oneDNN gets the 1x1 strided conv of
# backbone.b2.0 (8 input channels) wrong in that layout
