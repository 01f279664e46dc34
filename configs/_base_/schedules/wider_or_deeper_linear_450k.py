# The paper's ImageNet schedule (section 4, "Implementation details"): SGD,
# start from 0.1 and reduce linearly to 1e-6 within 450k iterations; batch
# 256 (Gross and Wilber's fb.resnet.torch settings, which the paper follows),
# momentum 0.9, weight decay 1e-4. Includes mmpretrain's runtime (its hooks
# switched to iteration-based checkpoints and logs).
_base_ = ['mmpretrain::_base_/default_runtime.py']
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4))
param_scheduler = dict(type='LinearLR', start_factor=1.0, end_factor=1e-5,
                       begin=0, end=450000, by_epoch=False)
train_cfg = dict(by_epoch=False, max_iters=450000, val_interval=10000)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=256)
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=100),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=10000,
                    max_keep_ckpts=3))
log_processor = dict(by_epoch=False)
