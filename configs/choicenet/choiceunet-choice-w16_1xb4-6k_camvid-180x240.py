# ChoiceNet's Table 4 comparison at a size that means something (the CamVid
# issue, part 3): the 1/4-width U-Nets of
# choiceunet-*-w16_1xb4-0.6k_camvid-180x240.py trained ten times longer,
# 6,000 iterations (65 epochs of the 367 training frames), warm-up then
# poly decay over the whole run, validation every 1,000 iterations and a
# checkpoint every 500 (a run stopped and continued with --resume loses at
# most 500), three seeds each (--cfg-options randomness.seed=0, 1, 2).
# The training loader runs in the training process (num_workers=0): on 2
# cores a worker process takes a core from the step. The res and dense
# leaves change only the block (and the memory layout, as their 0.6k
# leaves do).
_base_ = ['./choiceunet-choice-w16_1xb4-0.6k_camvid-180x240.py']
max_iters = 6000
param_scheduler = [
    dict(_base_.param_scheduler[0]),
    dict(_base_.param_scheduler[1], end=max_iters)
]
train_cfg = dict(max_iters=max_iters, val_interval=1000)
default_hooks = dict(checkpoint=dict(interval=500))
train_dataloader = dict(num_workers=0, persistent_workers=False)
