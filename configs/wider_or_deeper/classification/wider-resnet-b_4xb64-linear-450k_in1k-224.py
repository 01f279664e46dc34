# Table 1 of "Wider or Deeper": Model B (224-0-1-1-1-3-1-1) on ImageNet,
# Model A's recipe (224 crops, single 320 test crop, batch 256).
_base_ = ['./wider-resnet-a_4xb64-linear-450k_in1k-224.py']
model = dict(backbone=dict(arch='B'))
