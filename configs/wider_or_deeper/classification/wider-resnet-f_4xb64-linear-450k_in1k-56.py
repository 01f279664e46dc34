# Table 1 of "Wider or Deeper": F (56-1-1-1-1-9-1-1) on ImageNet, trained on 56x56
# crops, tested on one 80x80 centre crop (the paper's single-crop
# protocol: 80 for 56-input models). 4 GPUs x 64 = batch 256.
_base_ = [
    '../../_base_/models/wider_resnet_a_in1k.py',
    'mmpretrain::_base_/datasets/imagenet_bs64.py',
    '../../_base_/schedules/wider_or_deeper_linear_450k.py'
]
model = dict(backbone=dict(arch='F', output_stride=8))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=56),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=80, edge='short'),
    dict(type='CenterCrop', crop_size=80),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
