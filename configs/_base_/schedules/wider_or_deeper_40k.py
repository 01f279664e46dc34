# The "Wider or Deeper" fine-tuning recipe (wider_or_deeper_38k.py) over
# 40k iterations, for PASCAL VOC aug and PASCAL Context: the paper published
# no length for these data sets, so mmseg's 40k is split 3:1 between the
# fixed and the linearly decaying phase, as in the official Cityscapes
# recipe.
_base_ = ['./wider_or_deeper_38k.py']
fixed_iters, decay_iters = 30000, 10000
max_iters = fixed_iters + decay_iters
param_scheduler = [
    dict(_base_.param_scheduler[0], end=fixed_iters),
    dict(_base_.param_scheduler[1], begin=fixed_iters, end=max_iters)
]
train_cfg = dict(max_iters=max_iters)
