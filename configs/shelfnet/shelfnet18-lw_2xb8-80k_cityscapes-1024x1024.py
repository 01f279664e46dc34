# ShelfNet18-lw (real-time) on Cityscapes fine, the official recipe: 2 GPUs
# x 8 images, crop 1024, colour jitter (PhotoMetricDistortion), flip, scale
# 0.75-2.0, 80k iterations (warm-up + poly), OHEM 0.7 on three outputs.
# Test: 1024x1024 sliding windows at scale 1.0 without flip (official).
_base_ = [
    '../_base_/models/shelfnet18_lw.py',
    '../_base_/datasets/cityscapes_1024x1024.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/shelfnet_lw_80k.py'
]
crop_size = (1024, 1024)
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=19),
    dict(type='RandomResize', scale=(2048, 1024), ratio_range=(0.75, 2.0),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
model = dict(data_preprocessor=dict(size=crop_size),
             test_cfg=dict(mode='slide', crop_size=(1024, 1024),
                           stride=(768, 768)))
