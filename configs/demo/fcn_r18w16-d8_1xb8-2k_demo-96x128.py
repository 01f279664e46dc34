# Demo: a slim dilated FCN (ResNet-18-V1c with 16 base channels, output
# stride 8) trained from scratch on the embedded demo data on CPU in minutes.
# python tools/demo.py runs it end to end (data, train, evaluate, overlays).
_base_ = [
    'mmseg::_base_/models/fcn_r50-d8.py', '../_base_/datasets/demo.py',
    '../_base_/cpu_runtime.py', 'mmseg::_base_/schedules/schedule_20k.py'
]
crop_size = (96, 128)
max_iters = 2000
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(size=crop_size)
model = dict(
    data_preprocessor=data_preprocessor,
    pretrained=None,
    backbone=dict(
        depth=18, stem_channels=16, base_channels=16, norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=128, channels=64, num_classes=11, dropout_ratio=0.1,
        norm_cfg=norm_cfg),
    auxiliary_head=None)
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
