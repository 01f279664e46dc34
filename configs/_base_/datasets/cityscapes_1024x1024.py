# Cityscapes fine, 1024x2048 images, 1024x1024 crops (ShelfNet-lw), as
# mmseg's cityscapes_1024x1024.py: cityscapes_512x1024.py with larger crops.
_base_ = ['./cityscapes_512x1024.py']
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (1024, 1024)
train_pipeline = edit_pipeline(_base_.train_pipeline,
                               RandomCrop=dict(crop_size=crop_size))
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
