# The CamVid benchmark recipe (from scratch, one CPU process): Adam lr 1e-3,
# weight decay 5e-4 (the ChoiceNet paper's optimizer), 100 iterations of
# linear warm-up, then poly decay (power 0.9) to 0; validation and a
# checkpoint every quarter of the run, the best val mIoU kept as best_*.pth.
# Leaves set ``max_iters`` and restate ``train_cfg``, ``param_scheduler``
# and the checkpoint interval with it (see ``camvid_benchmark``'s leaves).
_base_ = ['mmseg::_base_/schedules/schedule_20k.py']
max_iters = 2000
warmup_iters = 100
optim_wrapper = dict(
    _delete_=True, type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, weight_decay=5e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0,
         end=warmup_iters),
    dict(type='PolyLR', eta_min=0.0, power=0.9, by_epoch=False,
         begin=warmup_iters, end=max_iters)
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters,
                 val_interval=max_iters // 4)
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=20, log_metric_by_epoch=False),
    checkpoint=dict(type='CheckpointHook', by_epoch=False,
                    interval=max_iters // 4, max_keep_ckpts=2,
                    save_best='mIoU', rule='greater'))
