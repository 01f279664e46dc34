# ShelfNet18-lw on CamVid (11 classes, SegNet split, 360x480): the official
# real-time recipe (warm-up + poly from 0.01, OHEM 0.7 keeping at least 1/16
# of the pixels, scale 0.75-2.0, flip, colour jitter), 2 GPUs x 8 whole
# 360x480 crops, 80k iterations shortened to 20k for the 367 images
# (~870 epochs).
_base_ = [
    '../_base_/models/shelfnet18_lw.py',
    '../_base_/datasets/camvid.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/shelfnet_lw_80k.py'
]
crop_size = (360, 480)
max_iters = 20000
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=11),
    dict(type='RandomResize', scale=(480, 360), ratio_range=(0.75, 2.0),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
model = dict(
    data_preprocessor=dict(size=crop_size),
    decode_head=dict(num_classes=11,
                     sampler=dict(min_kept=360 * 480 // 16)))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, begin=0, end=1000,
         by_epoch=False),
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=1000, end=max_iters,
         by_epoch=False)
]
train_cfg = dict(max_iters=max_iters, val_interval=2000)
default_hooks = dict(checkpoint=dict(interval=2000))
