# Deep Control's schedule (Ruff 2017, section 1.1): 150 epochs at a fixed
# learning rate (no annealing); the rate is the single-sample base rate 0.02
# times the total batch size (mmengine's auto_scale_lr, base_batch_size=1);
# ENet class weights normalised to mean 1 (leaf configs add
# ClassWeightHook to custom_hooks and log_processor by_epoch, both of which
# the runtime base defines).
optimizer = dict(type='SGD', lr=0.02, momentum=0.9, weight_decay=0.0)
optim_wrapper = dict(type='OptimWrapper', optimizer=optimizer)
auto_scale_lr = dict(enable=True, base_batch_size=1)
param_scheduler = [dict(type='ConstantLR', factor=1.0, by_epoch=True)]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=150, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=True),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=True, interval=5,
                    max_keep_ckpts=3, save_best='mIoU'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'))
