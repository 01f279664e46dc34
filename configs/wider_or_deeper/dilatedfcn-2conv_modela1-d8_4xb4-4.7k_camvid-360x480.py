# Model A1, '2 conv', CamVid (11 classes, SegNet split). The paper's
# recipe: random scale 0.7-1.3, crop 360, 480, batch 16, lr 0.0016 fixed then
# linear decay, frozen BN statistics, OHEM. The Cityscapes recipe's
# epochs on CamVid's 367 training images: 140 epochs fixed (3,220 it), 64
# decaying (1,472 it); crop = the whole 360x480 frame (divisible by 8).
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/camvid.py',
    '../_base_/augmentations/wider_or_deeper_finetune.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/wider_or_deeper_38k.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (360, 480)
fixed_iters, decay_iters = 3220, 1472
train_pipeline = edit_pipeline(
    _base_.train_pipeline,
    **dict(_base_.finetune_augment,
           RandomCrop=dict(crop_size=crop_size, cat_max_ratio=1.0),
           PhotoMetricDistortion=dict(type='Pad', size=crop_size)))
train_dataloader = dict(batch_size=4, dataset=dict(pipeline=train_pipeline))
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=11))
max_iters = fixed_iters + decay_iters
param_scheduler = [
    dict(_base_.param_scheduler[0], end=fixed_iters),
    dict(_base_.param_scheduler[1], begin=fixed_iters, end=max_iters)
]
train_cfg = dict(max_iters=max_iters)
