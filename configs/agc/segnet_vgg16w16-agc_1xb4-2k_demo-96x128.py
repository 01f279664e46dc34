# CPU-sized AGC SegNet for the demo data: the SegNet layout (13 + 13 convs,
# pooling indices) at a quarter of the width (16-32-64-128-128), iteration
# based, lr = 0.02 x batch as in the paper. tools/analysis_tools/agc_vs_bn.py
# trains it and its BN twin at batch sizes 1, 4 and 8.
_base_ = [
    '../_base_/models/segnet_vgg16.py', '../_base_/datasets/demo.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/deep_control_150e.py'
]
crop_size = (96, 128)
max_iters = 2000
norm_cfg = dict(type='AGC')
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(
        stage_channels=[[16, 16], [32, 32], [64, 64, 64], [128, 128, 128],
                        [128, 128, 128]],
        norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=[16, 32, 64, 128, 128], channels=16, num_classes=11,
        norm_cfg=norm_cfg))
# Deep Control's optimiser and lr rule, iteration based for the demo
param_scheduler = [dict(type='ConstantLR', factor=1.0, by_epoch=False)]
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop',
                 max_iters=max_iters, val_interval=max_iters // 4)
default_hooks = dict(
    logger=dict(interval=50, log_metric_by_epoch=False),
    checkpoint=dict(by_epoch=False, interval=max_iters // 4,
                    max_keep_ckpts=2, save_best=None))
# bf16 autocast (AGC keeps its statistics in float32) and channels_last:
# training steps measured 1.4x (AGC) and 1.9x (BN) faster on the CPU
optim_wrapper = dict(type='AutocastOptimWrapper')
custom_hooks = _base_.custom_hooks + [
    dict(type='ClassWeightHook'), dict(type='AGCInitHook'),
    dict(type='AGCLambdaHook', interval=50), dict(type='ChannelsLastHook')
]
randomness = dict(seed=0)
