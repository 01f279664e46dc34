# ShelfNet18-lw (real-time) on Cityscapes fine, the official recipe: 2 GPUs
# x 8 images, crop 1024, colour jitter (PhotoMetricDistortion), flip, scale
# 0.75-2.0, 80k iterations (warm-up + poly), OHEM 0.7 on three outputs.
# Test, the official protocol (ShelfNet18_realtime/evaluate.py: cropsize 1024,
# stride_rate 1.0, scale 1.0, no flip): two non-overlapping 1024x1024
# windows over each 1024x2048 image. The official code sums softmax
# probabilities and mmseg sums logits; with non-overlapping windows every
# pixel has one window, so the labels are the same. Overlapping windows
# (not the official protocol): --cfg-options model.test_cfg.stride="(768,768)"
_base_ = [
    '../_base_/models/shelfnet18_lw.py',
    '../_base_/datasets/cityscapes_1024x1024.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/shelfnet_lw_80k.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (1024, 1024)
# the official augmentation: mmseg's with scale 0.75-2.0 and no class-ratio
# limit on the crop
train_pipeline = edit_pipeline(
    _base_.train_pipeline, RandomResize=dict(ratio_range=(0.75, 2.0)),
    RandomCrop=dict(cat_max_ratio=1.0))
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
model = dict(data_preprocessor=dict(size=crop_size),
             test_cfg=dict(mode='slide', crop_size=(1024, 1024),
                           stride=(1024, 1024)))
