# ShelfNet's schedule (official code): SGD momentum 0.9, poly lr (power
# 0.9) from 0.01, the head at 10x lr, weight decay 1e-4 (PASCAL model).
# Children set ``max_iters`` through ``train_cfg`` and ``param_scheduler``.
max_iters = 40000
optimizer = dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4)
optim_wrapper = dict(
    type='OptimWrapper', optimizer=optimizer, clip_grad=None,
    paramwise_cfg=dict(custom_keys=dict(
        decode_head=dict(lr_mult=10.0), auxiliary_head=dict(lr_mult=10.0))))
param_scheduler = [
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, end=max_iters,
         by_epoch=False)
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
