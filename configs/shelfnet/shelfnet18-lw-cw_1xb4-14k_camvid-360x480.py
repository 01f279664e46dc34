# The long CamVid run (issue: a competitive model): the recipe the
# 1,200-iteration comparison chose on val mIoU (ENet class weights on the
# main and both auxiliary losses: shelfnet18-lw-cw_1xb4-1.2k_camvid-360x480.py,
# README "Recipe comparison") over 14,000 iterations, 153 epochs of the 367
# training frames at batch 4; warm-up, then poly decay over the whole run.
# Validation every 1,400 iterations; a checkpoint every 700 (the last two
# and the best val mIoU kept), so a run stopped and continued with --resume
# loses at most 700 iterations. The training data loader runs in the
# training process (num_workers=0): on 2 cores a worker process takes a
# core from the step (tools/analysis_tools/profile_train_step.py: 506 ms a
# step against 588 ms with 2 workers).
# bisenetv1_r18-d32-cw_1xb4-14k_camvid-360x480.py is the same run of
# mmseg's BiSeNetV1-R18.
_base_ = ['./shelfnet18-lw-cw_1xb4-1.2k_camvid-360x480.py']
max_iters = 14000
param_scheduler = [
    dict(_base_.param_scheduler[0]),
    dict(_base_.param_scheduler[1], end=max_iters)
]
train_cfg = dict(max_iters=max_iters, val_interval=1400)
default_hooks = dict(checkpoint=dict(interval=700))
train_dataloader = dict(num_workers=0, persistent_workers=False)
randomness = dict(seed=0)
