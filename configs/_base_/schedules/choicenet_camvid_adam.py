# The ChoiceNet paper's CamVid recipe (section 3.3): Adam, lr 1e-3 divided
# by 10 every 100 epochs, weight decay 5e-4; the checkpoint with the best
# val mIoU is kept and reported on the test split. 300 epochs of the 367
# training images at batch 4 (92 iterations per epoch).
iters_per_epoch = 92
max_iters = 300 * iters_per_epoch
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, weight_decay=5e-4))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=False, gamma=0.1,
         milestones=[100 * iters_per_epoch, 200 * iters_per_epoch])
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters,
                 val_interval=5 * iters_per_epoch)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False,
                    interval=5 * iters_per_epoch, save_best='mIoU',
                    rule='greater', max_keep_ckpts=1),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'))
