# ShelfNet-lw schedule (official citys_lw train.py): SGD momentum 0.9, lr
# 0.01, linear warm-up from 1e-5 over 1,000 iterations, then poly (0.9) to
# 80k iterations; weight decay 5e-4, none on norms and biases; decoder,
# ladder, heads and lateral layers (all of decode_head) at 10x lr.
# On mmseg's 80k schedule (SGD 0.01, momentum 0.9, weight decay 5e-4; loops,
# validation and checkpoints every 8k) with the official lr policy.
_base_ = ['mmseg::_base_/schedules/schedule_80k.py']
max_iters = 80000
optim_wrapper = dict(
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0,
                       custom_keys=dict(decode_head=dict(lr_mult=10.0))))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, begin=0, end=1000,
         by_epoch=False),
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=1000, end=max_iters,
         by_epoch=False)
]
