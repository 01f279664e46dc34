# The official "Wider or Deeper" fine-tuning recipe (ademxapp README, for
# Cityscapes): SGD momentum 0.9, weight decay 5e-4, biases at 2x lr without
# decay ('alex' multipliers), lr 0.0016 fixed for 140 epochs (26,040
# iterations of batch 16 on 2,975 images), then linear decay from 0.0008 for
# 64 epochs (11,904 iterations). Children change ``fixed_iters`` and
# ``decay_iters`` by overriding ``param_scheduler`` and ``train_cfg``.
fixed_iters, decay_iters = 26040, 11904
max_iters = fixed_iters + decay_iters
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
