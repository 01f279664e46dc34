# The CPU demos' schedule: 2000 iterations of SGD (lr 0.05, momentum 0.9,
# weight decay 1e-4) with poly decay, validation at the end, checkpoints
# every 500 iterations, seed 0. The forward passes run in bf16 autocast on a
# CPU with native bf16 (AVX-512 BF16 / AMX; float32, said in one log line,
# elsewhere): AutocastOptimWrapper; a leaf where bf16 does not pay sets
# optim_wrapper = dict(type='OptimWrapper').
_base_ = ['mmseg::_base_/schedules/schedule_20k.py']
max_iters = 2000
optimizer = dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=1e-4)
optim_wrapper = dict(type='AutocastOptimWrapper', optimizer=optimizer,
                     clip_grad=None)
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
