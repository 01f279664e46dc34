# ShelfNet-lw schedule (official citys_lw train.py): SGD momentum 0.9, lr
# 0.01, linear warm-up from 1e-5 over 1,000 iterations, then poly (0.9) to
# 80k iterations; weight decay 5e-4, none on norms and biases; decoder,
# ladder, heads and lateral layers (all of decode_head) at 10x lr.
max_iters = 80000
optimizer = dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4)
optim_wrapper = dict(
    type='OptimWrapper', optimizer=optimizer, clip_grad=None,
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0,
                       custom_keys=dict(decode_head=dict(lr_mult=10.0))))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, begin=0, end=1000,
         by_epoch=False),
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=1000, end=max_iters,
         by_epoch=False)
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters,
                 val_interval=8000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=8000),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'))
