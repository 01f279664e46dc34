# ShelfNet's schedule (official code): SGD momentum 0.9, poly lr (power
# 0.9) from 0.01, the head at 10x lr, weight decay 1e-4 (PASCAL model).
# Children set ``max_iters`` through ``train_cfg`` and ``param_scheduler``.
# On mmseg's 40k schedule (SGD 0.01, momentum 0.9; loops, validation and
# checkpoints every 4k) with ShelfNet's weight decay and lr multipliers.
_base_ = ['mmseg::_base_/schedules/schedule_40k.py']
max_iters = 40000
optimizer = dict(weight_decay=1e-4)
optim_wrapper = dict(
    optimizer=optimizer,
    paramwise_cfg=dict(custom_keys=dict(
        decode_head=dict(lr_mult=10.0), auxiliary_head=dict(lr_mult=10.0))))
param_scheduler = [
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, end=max_iters,
         by_epoch=False)
]
