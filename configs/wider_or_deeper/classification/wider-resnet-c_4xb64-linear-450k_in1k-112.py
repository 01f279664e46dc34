# Table 1 of "Wider or Deeper": C (112-1-1-1-1-13-1-1) on ImageNet, trained on
# 112x112
# crops, tested on one 160x160 centre crop (the paper's single-crop
# protocol: 160 for 112-input models). 4 GPUs x 64 = batch 256.
_base_ = ['./wider-resnet-a_4xb64-linear-450k_in1k-224.py']
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

model = dict(backbone=dict(arch='C', output_stride=16))
train_pipeline = edit_pipeline(_base_.train_pipeline,
                               RandomResizedCrop=dict(scale=112))
test_pipeline = edit_pipeline(_base_.test_pipeline,
                              ResizeEdge=dict(scale=160),
                              CenterCrop=dict(crop_size=160))
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
