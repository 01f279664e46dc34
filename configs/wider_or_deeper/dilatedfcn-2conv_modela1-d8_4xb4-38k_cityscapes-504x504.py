# Model A1, '2 conv', Cityscapes fine (19 classes). The official recipe:
# random scale 0.7-1.3, 500 crops (504: input sizes divisible by 8), batch
# 16 (4 GPUs x 4), SGD momentum 0.9, weight decay 5e-4, biases at 2x lr
# without decay, lr 0.0016 fixed for 140 epochs (26,040 iterations), then
# linear decay from 0.0008 for 64 epochs (11,904 iterations); frozen BN
# statistics; OHEM (0.6, 256).
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/cityscapes_512x1024.py',
    '../_base_/default_runtime.py'
]
crop_size = (504, 504)
fixed_iters, decay_iters = 26040, 11904
max_iters = fixed_iters + decay_iters
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=19),
    dict(type='RandomResize', scale=(2048, 1024), ratio_range=(0.7, 1.3),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=4, dataset=dict(pipeline=train_pipeline))
model = dict(data_preprocessor=dict(size=crop_size))
optimizer = dict(type='SGD', lr=0.0016, momentum=0.9, weight_decay=5e-4)
optim_wrapper = dict(
    type='OptimWrapper', optimizer=optimizer,
    paramwise_cfg=dict(bias_lr_mult=2.0, bias_decay_mult=0.0))
param_scheduler = [
    dict(type='ConstantLR', factor=1.0, begin=0, end=fixed_iters,
         by_epoch=False),
    dict(type='LinearLR', start_factor=0.5, end_factor=0.0,
         begin=fixed_iters, end=max_iters, by_epoch=False)
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters,
                 val_interval=4000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=4000),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'))
