# Cityscapes fine, 1024x2048 images, 512x1024 crops:
# mmseg's base, only with loaders that name a bad file on error.
_base_ = ['mmseg::_base_/datasets/cityscapes.py']
from mmseg_multipath.datasets.edit_pipeline import checked_loaders  # noqa

num_classes = 19
train_pipeline = checked_loaders(_base_.train_pipeline, num_classes)
test_pipeline = checked_loaders(
    _base_.test_pipeline, num_classes, check_images=False)
tta_pipeline = checked_loaders(_base_.tta_pipeline, num_classes)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
# class- and category-level IoU (cityscapesscripts' two tables)
val_evaluator = dict(type='CityscapesIoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
