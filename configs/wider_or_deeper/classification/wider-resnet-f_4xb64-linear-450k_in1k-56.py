# Table 1 of "Wider or Deeper": F (56-1-1-1-1-9-1-1) on ImageNet, trained on
# 56x56
# crops, tested on one 80x80 centre crop (the paper's single-crop
# protocol: 80 for 56-input models). 4 GPUs x 64 = batch 256.
_base_ = ['./wider-resnet-a_4xb64-linear-450k_in1k-224.py']
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

model = dict(backbone=dict(arch='F', output_stride=8))
train_pipeline = edit_pipeline(_base_.train_pipeline,
                               RandomResizedCrop=dict(scale=56))
test_pipeline = edit_pipeline(_base_.test_pipeline,
                              ResizeEdge=dict(scale=80),
                              CenterCrop=dict(crop_size=80))
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
