# Deep Control's BN-vs-AGC comparison at the size a 2-core CPU allows:
# SegNet at 1/4 width (16-32-64-128-128, the SegNet layout of 13 + 13
# convolutions with pooling indices) on real CamVid at half resolution
# (180x240), from scratch, Deep Control's recipe (SGD, momentum 0.9,
# lr = 0.02 x batch held constant, ENet class weights), batch 4, the
# CamVid 180x240 augmentation, validation every quarter, best val
# checkpoint kept; bf16 autocast + channels_last. The AGC leaf changes only
# the norm; run each with two seeds (--cfg-options randomness.seed=N).
_base_ = [
    '../_base_/models/segnet_vgg16.py', '../_base_/datasets/camvid_180x240.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/deep_control_150e.py'
]
crop_size = (180, 240)
max_iters = 1000
norm_cfg = dict(type='BN', requires_grad=True)
train_dataloader = dict(batch_size=4, num_workers=2, persistent_workers=True)
val_dataloader = dict(num_workers=1)
test_dataloader = dict(num_workers=1)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(
        stage_channels=[[16, 16], [32, 32], [64, 64, 64], [128, 128, 128],
                        [128, 128, 128]],
        norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=[16, 32, 64, 128, 128], channels=16, num_classes=11,
        norm_cfg=norm_cfg))
param_scheduler = [dict(type='ConstantLR', factor=1.0, by_epoch=False)]
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop',
                 max_iters=max_iters, val_interval=max_iters // 4)
default_hooks = dict(
    logger=dict(interval=20, log_metric_by_epoch=False),
    checkpoint=dict(by_epoch=False, interval=max_iters // 4,
                    max_keep_ckpts=2, save_best='mIoU', rule='greater'))
log_processor = dict(by_epoch=False)
optim_wrapper = dict(type='AutocastOptimWrapper')
custom_hooks = _base_.custom_hooks + [
    dict(type='ClassWeightHook'), dict(type='ChannelsLastHook')
]
randomness = dict(seed=0)
