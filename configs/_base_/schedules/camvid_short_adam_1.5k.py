# Short from-scratch runs on real CamVid on a CPU (the protocol of the
# ChoiceNet README's comparison): Adam lr 1e-3 (wd 5e-4, the ChoiceNet
# paper's optimizer) held constant for 1,500 iterations, validation and a
# checkpoint every 300. Continue to 3,000 with --resume W/iter_1500.pth
# --cfg-options train_cfg.max_iters=3000 param_scheduler.0.end=3000.
_base_ = ['mmseg::_base_/schedules/schedule_20k.py']
max_iters = 1500
optim_wrapper = dict(
    _delete_=True, type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, weight_decay=5e-4))
param_scheduler = [
    dict(type='ConstantLR', factor=1.0, by_epoch=False, begin=0,
         end=max_iters)
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters,
                 val_interval=300)
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=300))
