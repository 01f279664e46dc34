# ShelfNet-R50 on PASCAL Context (59 classes): lr 0.001 (poly, head x10),
# 80 epochs of the 4,998 training images at batch 12 = 33,320 iterations;
# mmseg's Context pipeline (crop 480, scale 0.5-2, flip) plus rotation.
_base_ = [
    '../_base_/models/shelfnet_r50.py',
    '../_base_/datasets/pascal_context_59.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/shelfnet_poly.py'
]
crop_size = (480, 480)
max_iters = 33320
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=59,
         reduce_zero_label=True),
    dict(type='RandomResize', scale=(520, 520), ratio_range=(0.5, 2.0),
         keep_ratio=True),
    dict(type='RandomRotate', prob=1.0, degree=10, pad_val=0,
         seg_pad_val=255),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=crop_size),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=3, dataset=dict(pipeline=train_pipeline))
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=59),
             auxiliary_head=dict(num_classes=59))
optim_wrapper = dict(optimizer=dict(lr=0.001))
param_scheduler = [
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, end=max_iters,
         by_epoch=False)
]
train_cfg = dict(max_iters=max_iters)
