# Model A1, '2 conv', PASCAL VOC 2012 + SBD aug (21 classes). The paper's
# recipe: random scale 0.7-1.3, 500 crops (504), batch 16, lr 0.0016 fixed
# then linear decay, frozen BN statistics, OHEM. The VOC schedule length was
# never published (ademxapp #14/#39): we use mmseg's 40k for VOC aug, split
# 3:1 between the fixed and the decaying phase like the Cityscapes recipe.
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/pascal_voc12_aug.py',
    '../_base_/augmentations/wider_or_deeper_finetune.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/wider_or_deeper_40k.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (504, 504)
# mmseg's VOC pipeline pads already: jitter goes, the padding takes the crop
train_pipeline = edit_pipeline(
    _base_.train_pipeline,
    **dict(_base_.finetune_augment, PhotoMetricDistortion=None,
           Pad=dict(size=crop_size)))
# the VOC and the SBD part of the ConcatDataset
train_dataloader = dict(batch_size=4, dataset=dict(datasets=[
    dict(part, pipeline=train_pipeline)
    for part in _base_.train_dataloader.dataset.datasets
]))
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=21))
