# ShelfNet-R50 on PASCAL VOC 2012 + SBD aug: crop 512, batch 12 (4 x 3),
# poly lr 0.01 (head x10), flip, scale 0.5-2, rotation -10..10 degrees (the
# paper's PASCAL recipe). --tta: scales 0.5-1.75 with flips (the paper's
# multi-scale entry).
_base_ = [
    '../_base_/models/shelfnet_r50.py',
    '../_base_/datasets/pascal_voc12_aug.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/shelfnet_poly.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (512, 512)
# the paper's PASCAL augmentation: mmseg's, with a rotation by up to 10
# degrees before the crop and without colour jitter
train_pipeline = edit_pipeline(
    _base_.train_pipeline,
    RandomCrop=[dict(type='RandomRotate', prob=1.0, degree=10, pad_val=0,
                     seg_pad_val=255), dict()],
    PhotoMetricDistortion=None)
# the VOC and the SBD part of the ConcatDataset
train_dataloader = dict(batch_size=3, dataset=dict(datasets=[
    dict(part, pipeline=train_pipeline)
    for part in _base_.train_dataloader.dataset.datasets
]))
model = dict(data_preprocessor=dict(size=crop_size))
