# PASCAL Context, 60 classes (with background), 480x480 crops:
# mmseg's base, only with loaders that name a bad file on error.
_base_ = ['mmseg::_base_/datasets/pascal_context.py']
from mmseg_multipath.datasets.edit_pipeline import checked_loaders  # noqa

num_classes = 60
train_pipeline = checked_loaders(_base_.train_pipeline, num_classes)
test_pipeline = checked_loaders(
    _base_.test_pipeline, num_classes, check_images=False)
# mmseg's PASCAL Context (60) base has no TTA; multi-scale + flip as its
# Context-59 base
img_ratios = [0.5, 0.75, 1.0, 1.25, 1.5, 1.75]
tta_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='TestTimeAug', transforms=[
        [dict(type='Resize', scale_factor=r, keep_ratio=True)
         for r in img_ratios],
        [dict(type='RandomFlip', prob=0., direction='horizontal'),
         dict(type='RandomFlip', prob=1., direction='horizontal')],
        [dict(type='CheckedLoadAnnotations', num_classes=num_classes)],
        [dict(type='PackSegInputs')]
    ])
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
