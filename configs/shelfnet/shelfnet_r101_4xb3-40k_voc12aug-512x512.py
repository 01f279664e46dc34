# ShelfNet-R101 on PASCAL VOC 2012 + SBD aug (the R50 recipe).
_base_ = ['./shelfnet_r50_4xb3-40k_voc12aug-512x512.py']
model = dict(backbone=dict(
    depth=101,
    init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet101')))
