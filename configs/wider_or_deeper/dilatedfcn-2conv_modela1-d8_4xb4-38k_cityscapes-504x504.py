# Model A1, '2 conv', Cityscapes fine (19 classes). The official recipe
# (_base_/schedules/wider_or_deeper_38k.py): random scale 0.7-1.3, 500 crops
# (504: input sizes divisible by 8), batch 16 (4 GPUs x 4), lr 0.0016 fixed
# for 26,040 iterations then linear decay from 0.0008 over 11,904; frozen BN
# statistics; OHEM (0.6, 256).
# Test: sliding 1024x1024 windows (stride 768) over the full 2048x1024 image;
# --tta: full and half resolution with flips, as the paper's Cityscapes
# entry ("features extracted from two scales, at full and half resolutions").
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/cityscapes_512x1024.py',
    '../_base_/augmentations/wider_or_deeper_finetune.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/wider_or_deeper_38k.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (504, 504)
# (the padding never acts here: 0.7 x 1024 rows exceed the crop)
train_pipeline = edit_pipeline(_base_.train_pipeline,
                               **_base_.finetune_augment)
tta_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='TestTimeAug', transforms=[
        [dict(type='Resize', scale_factor=r, keep_ratio=True)
         for r in (0.5, 1.0)],
        [dict(type='RandomFlip', prob=0., direction='horizontal'),
         dict(type='RandomFlip', prob=1., direction='horizontal')],
        [dict(type='CheckedLoadAnnotations', num_classes=19)],
        [dict(type='PackSegInputs')]
    ])
]
train_dataloader = dict(batch_size=4, dataset=dict(pipeline=train_pipeline))
model = dict(
    data_preprocessor=dict(size=crop_size),
    test_cfg=dict(mode='slide', crop_size=(1024, 1024), stride=(768, 768)))
