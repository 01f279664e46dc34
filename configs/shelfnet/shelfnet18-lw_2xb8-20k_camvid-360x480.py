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
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (360, 480)
max_iters = 20000
# the official augmentation: mmseg's with scale 0.75-2.0 and no class-ratio
# limit on the crop
train_pipeline = edit_pipeline(
    _base_.train_pipeline, RandomResize=dict(ratio_range=(0.75, 2.0)),
    RandomCrop=dict(cat_max_ratio=1.0))
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
