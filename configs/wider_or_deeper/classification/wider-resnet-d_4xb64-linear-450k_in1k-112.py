# Table 1 of "Wider or Deeper": Model D (112-1-1-1-1-9-1-1) on ImageNet, Model
# C's
# recipe (112 crops, single 160 test crop, batch 256).
_base_ = ['./wider-resnet-c_4xb64-linear-450k_in1k-112.py']
model = dict(backbone=dict(arch='D'))
