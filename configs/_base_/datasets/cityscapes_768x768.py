# Cityscapes fine, 1024x2048 images, 768x768 crops, as mmseg's
# cityscapes_768x768.py: cityscapes_512x1024.py with 768x768 crops and the
# images scaled to 2049x1025.
_base_ = ['./cityscapes_512x1024.py']
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (768, 768)
train_pipeline = edit_pipeline(_base_.train_pipeline,
                               RandomResize=dict(scale=(2049, 1025)),
                               RandomCrop=dict(crop_size=crop_size))
test_pipeline = edit_pipeline(_base_.test_pipeline,
                              Resize=dict(scale=(2049, 1025)))
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
