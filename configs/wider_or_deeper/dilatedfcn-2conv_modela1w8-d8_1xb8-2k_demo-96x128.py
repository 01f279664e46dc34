# CPU demo of the Wider-or-Deeper layout: Model A1 (units 0-3-3-6-3-1-1,
# OS 8 by inc_dilate, '2 conv' dilated head, OHEM) at 1/8 of the width,
# trained from scratch on the embedded demo data (BN statistics train), with
# the demo FCN's schedule.
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/demo.py', '../_base_/cpu_runtime.py',
    'mmseg::_base_/schedules/schedule_20k.py'
]
crop_size = (96, 128)
max_iters = 2000
norm_cfg = dict(type='BN', eps=1.001e-5, requires_grad=True)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(width_divisor=8, norm_cfg=norm_cfg, norm_eval=False),
    decode_head=dict(in_channels=512, channels=64, num_classes=11))
optimizer = dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=1e-4)
optim_wrapper = dict(type='OptimWrapper', optimizer=optimizer, clip_grad=None)
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=max_iters,
         by_epoch=False)
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters,
                 val_interval=max_iters)
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    checkpoint=dict(type='CheckpointHook', by_epoch=False,
                    interval=max_iters // 4, max_keep_ckpts=2))
randomness = dict(seed=0)
