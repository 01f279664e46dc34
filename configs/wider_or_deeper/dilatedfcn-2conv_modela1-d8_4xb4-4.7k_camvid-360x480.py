# Model A1, '2 conv', CamVid (11 classes, SegNet split). The paper's
# recipe: random scale 0.7-1.3, crop 360, 480, batch 16, lr 0.0016 fixed then
# linear decay, frozen BN statistics, OHEM. The Cityscapes recipe's
# epochs on CamVid's 367 training images: 140 epochs fixed (3,220 it), 64
# decaying (1,472 it); crop = the whole 360x480 frame (divisible by 8).
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/camvid.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/wider_or_deeper_38k.py'
]
crop_size = (360, 480)
fixed_iters, decay_iters = 3220, 1472
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=11),
    dict(type='RandomResize', scale=(480, 360), ratio_range=(0.7, 1.3),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=crop_size),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=4, dataset=dict(pipeline=train_pipeline))
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=11))
param_scheduler = [
    dict(type='ConstantLR', factor=1.0, begin=0, end=fixed_iters,
         by_epoch=False),
    dict(type='LinearLR', start_factor=0.5, end_factor=0.0,
         begin=fixed_iters, end=fixed_iters + decay_iters, by_epoch=False)
]
train_cfg = dict(max_iters=fixed_iters + decay_iters)
