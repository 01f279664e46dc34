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
                           stride=(1024, 1024)))
