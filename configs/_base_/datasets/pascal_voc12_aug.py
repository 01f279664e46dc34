# PASCAL VOC 2012 + SBD aug (10582 train / 1449 val), 21 classes, 512x512
# crops: mmseg's base, only with loaders that name a bad file on error.
_base_ = ['mmseg::_base_/datasets/pascal_voc12_aug.py']
from mmseg_multipath.datasets.edit_pipeline import checked_loaders  # noqa

num_classes = 21
train_pipeline = checked_loaders(_base_.train_pipeline, num_classes)
test_pipeline = checked_loaders(
    _base_.test_pipeline, num_classes, check_images=False)
tta_pipeline = checked_loaders(_base_.tta_pipeline, num_classes)
# the VOC and the SBD part of mmseg's ConcatDataset, each with the pipeline
train_dataloader = dict(dataset=dict(datasets=[
    dict(part, pipeline=train_pipeline)
    for part in _base_.train_dataloader.dataset.datasets
]))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
