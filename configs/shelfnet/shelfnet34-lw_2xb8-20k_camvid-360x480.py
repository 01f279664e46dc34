# ShelfNet34-lw on CamVid: the ShelfNet18-lw CamVid recipe with ResNet-34
# levels at their own widths (no lateral reductions), no S-Block dropout.
_base_ = ['./shelfnet18-lw_2xb8-20k_camvid-360x480.py']
model = dict(
    backbone=dict(depth=34, init_cfg=dict(
        type='Pretrained', checkpoint='torchvision://resnet34')),
    decode_head=dict(reduce=False, channels=None, block_dropout=0.0))
