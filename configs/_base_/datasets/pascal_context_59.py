# PASCAL Context, 59 classes (background ignored), 480x480 crops:
# mmseg's base, only with loaders that name a bad file on error.
_base_ = ['mmseg::_base_/datasets/pascal_context_59.py']
from mmseg_multipath.datasets.edit_pipeline import checked_loaders  # noqa

num_classes = 59
train_pipeline = checked_loaders(_base_.train_pipeline, num_classes)
test_pipeline = checked_loaders(
    _base_.test_pipeline, num_classes, check_images=False)
tta_pipeline = checked_loaders(_base_.tta_pipeline, num_classes)
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
