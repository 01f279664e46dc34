# Model A1, '2 conv', ADE20K (150 classes). The paper's
# recipe: random scale 0.7-1.3, crop 504, 504, batch 16, lr 0.0016 fixed then
# linear decay, frozen BN statistics, OHEM. Schedule length unpublished
# (ademxapp #43): mmseg's 160k for ADE20K, split 3:1 fixed / decaying.
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/wider_or_deeper_38k.py'
]
crop_size = (504, 504)
fixed_iters, decay_iters = 120000, 40000
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=150, reduce_zero_label=True),
    dict(type='RandomResize', scale=(2048, 512), ratio_range=(0.7, 1.3),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=crop_size),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=4, dataset=dict(pipeline=train_pipeline))
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=150))
param_scheduler = [
    dict(type='ConstantLR', factor=1.0, begin=0, end=fixed_iters,
         by_epoch=False),
    dict(type='LinearLR', start_factor=0.5, end_factor=0.0,
         begin=fixed_iters, end=fixed_iters + decay_iters, by_epoch=False)
]
train_cfg = dict(max_iters=fixed_iters + decay_iters)
