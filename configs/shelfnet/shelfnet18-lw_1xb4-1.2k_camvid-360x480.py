# The recipe comparison of the CamVid benchmark (issue: a competitive model):
# the benchmark recipe of shelfnet18-lw_1xb4-0.6k_camvid-360x480.py over
# 1,200 iterations (13 epochs of the 367 training frames), warm-up then poly
# decay over the whole run, validation and a checkpoint every 600
# iterations, seed 0. Plain cross-entropy: the reference row of the
# comparison; its leaves change only the loss of every head:
#   -cw       ENet class weights (ClassWeightHook + WeightedCrossEntropyLoss)
#   -ohem     OHEM (p < 0.7, at least 1/16 of the pixels, official ShelfNet)
#   -cw-ohem  both
# bisenetv1_r18-d32*_1xb4-1.2k_camvid-360x480.py are the same four recipes
# on mmseg's BiSeNetV1-R18.
_base_ = ['./shelfnet18-lw_1xb4-0.6k_camvid-360x480.py']
max_iters = 1200
param_scheduler = [
    dict(_base_.param_scheduler[0]),
    dict(_base_.param_scheduler[1], end=max_iters)
]
train_cfg = dict(max_iters=max_iters, val_interval=max_iters // 2)
default_hooks = dict(checkpoint=dict(interval=max_iters // 2))
randomness = dict(seed=0)
