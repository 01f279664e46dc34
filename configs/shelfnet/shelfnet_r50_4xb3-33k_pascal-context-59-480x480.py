# ShelfNet-R50 on PASCAL Context (59 classes): lr 0.001 (poly, head x10),
# 80 epochs of the 4,998 training images at batch 12 = 33,320 iterations;
# mmseg's Context pipeline (crop 480, scale 0.5-2, flip) plus rotation.
_base_ = [
    '../_base_/models/shelfnet_r50.py',
    '../_base_/datasets/pascal_context_59.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/shelfnet_poly.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (480, 480)
max_iters = 33320
# the paper's PASCAL augmentation: mmseg's, with a rotation by up to 10
# degrees before the crop; no colour jitter, padding to the crop instead
train_pipeline = edit_pipeline(
    _base_.train_pipeline,
    RandomCrop=[dict(type='RandomRotate', prob=1.0, degree=10, pad_val=0,
                     seg_pad_val=255), dict()],
    PhotoMetricDistortion=dict(type='Pad', size=crop_size))
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
