# The official "Wider or Deeper" fine-tuning recipe (ademxapp README, for
# Cityscapes): SGD momentum 0.9, weight decay 5e-4, biases at 2x lr without
# decay ('alex' multipliers), lr 0.0016 fixed for 140 epochs (26,040
# iterations of batch 16 on 2,975 images), then linear decay from 0.0008 for
# 64 epochs (11,904 iterations). Children change the lengths by editing
# ``_base_.param_scheduler`` and ``train_cfg``.
# On mmseg's 40k schedule (SGD momentum 0.9, weight decay 5e-4; loops,
# validation and checkpoints every 4k).
_base_ = ['mmseg::_base_/schedules/schedule_40k.py']
fixed_iters, decay_iters = 26040, 11904
max_iters = fixed_iters + decay_iters
optimizer = dict(lr=0.0016)
optim_wrapper = dict(
    optimizer=optimizer,
    paramwise_cfg=dict(bias_lr_mult=2.0, bias_decay_mult=0.0))
param_scheduler = [
    dict(type='ConstantLR', factor=1.0, begin=0, end=fixed_iters,
         by_epoch=False),
    dict(type='LinearLR', start_factor=0.5, end_factor=0.0,
         begin=fixed_iters, end=max_iters, by_epoch=False)
]
train_cfg = dict(max_iters=max_iters)
