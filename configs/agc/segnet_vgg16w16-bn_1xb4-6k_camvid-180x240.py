# Deep Control's BN-vs-AGC comparison at a size that means something (the
# CamVid issue, part 3): the 1/4-width SegNet of
# segnet_vgg16w16-bn_1xb4-1k_camvid-180x240.py trained six times longer,
# 6,000 iterations (65 epochs of the 367 training frames; Deep Control's
# constant learning rate), validation every 1,000 iterations and a
# checkpoint every 500 (a run stopped and continued with --resume loses at
# most 500), three seeds each (--cfg-options randomness.seed=0, 1, 2). The
# training loader runs in the training process (num_workers=0): on 2 cores
# a worker process takes a core from the step. The AGC leaf changes only
# the norm.
_base_ = ['./segnet_vgg16w16-bn_1xb4-1k_camvid-180x240.py']
max_iters = 6000
train_cfg = dict(max_iters=max_iters, val_interval=1000)
default_hooks = dict(checkpoint=dict(interval=500))
train_dataloader = dict(num_workers=0, persistent_workers=False)
