# ShelfNet34-lw on Cityscapes fine: ResNet-34 levels used at their own
# widths 128/256/512 (no lateral reductions), no S-Block dropout, main
# NetOutput 128 wide; the ShelfNet18-lw recipe otherwise.
_base_ = ['./shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py']
model = dict(
    backbone=dict(depth=34, init_cfg=dict(
        type='Pretrained', checkpoint='torchvision://resnet34')),
    decode_head=dict(reduce=False, channels=None, block_dropout=0.0))
