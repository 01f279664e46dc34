# Deep Control's testbed (Ruff 2017, section 1.1): SegNet with BN on
# Cityscapes at 256x512 (whole images downscaled, 19 classes), 150 epochs at
# a fixed learning rate (no annealing), learning rate = 0.02 x batch size
# (mmengine's auto_scale_lr with base_batch_size=1), ENet class weights
# normalised to mean 1 (ClassWeightHook). Batch 4 -> lr 0.08 (Fig. 1c).
_base_ = [
    '../_base_/models/segnet_vgg16.py',
    '../_base_/datasets/cityscapes_512x1024.py',
    '../_base_/default_runtime.py', '../_base_/schedules/deep_control_150e.py'
]
img_scale = (512, 256)
crop_size = (256, 512)
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=19),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='CheckedLoadAnnotations', num_classes=19),
    dict(type='PackSegInputs')
]
train_dataloader = dict(
    batch_size=4,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
model = dict(
    data_preprocessor=dict(size=crop_size),
    decode_head=dict(num_classes=19))
log_processor = dict(by_epoch=True)
custom_hooks = [dict(type='IterSeedHook'), dict(type='NonFiniteGuardHook'),
    dict(type='SyncNormStatsHook'), dict(type='ClassWeightHook')]
