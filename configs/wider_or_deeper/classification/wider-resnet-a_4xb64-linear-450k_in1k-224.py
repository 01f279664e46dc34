# Table 1 of "Wider or Deeper": A (224-0-3-3-6-3-1-1) on ImageNet, trained on
# 224x224
# crops, tested on one 320x320 centre crop (the paper's single-crop
# protocol: 320 for 224-input models). 4 GPUs x 64 = batch 256.
_base_ = [
    '../../_base_/models/wider_resnet_a_in1k.py',
    'mmpretrain::_base_/datasets/imagenet_bs64.py',
    '../../_base_/schedules/wider_or_deeper_linear_450k.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

model = dict(backbone=dict(arch='A', output_stride=32))
# mmpretrain's ImageNet pipelines (224x224 random resized crops), tested on
# the paper's larger centre crop
test_pipeline = edit_pipeline(_base_.test_pipeline,
                              ResizeEdge=dict(scale=320),
                              CenterCrop=dict(crop_size=320))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
