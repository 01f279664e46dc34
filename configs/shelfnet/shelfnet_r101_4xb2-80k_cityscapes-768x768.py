# ShelfNet-R101 on Cityscapes fine (the R50 recipe).
_base_ = ['./shelfnet_r50_4xb2-80k_cityscapes-768x768.py']
model = dict(backbone=dict(
    depth=101,
    init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet101')))
