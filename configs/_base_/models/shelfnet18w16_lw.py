# ShelfNet18-lw at 1/4 width (ResNet-18 with 16 base channels, shelf widths
# 16/32/64), from scratch with BN whose statistics train: the CPU-sized
# real-time ShelfNet of the demo and of the short real-CamVid run. The head
# keeps every piece of the real-time model: attention refinement, S-Blocks
# (LeakyReLU, Dropout2d 0.1), the 1/16 and 1/32 auxiliary outputs with OHEM
# 0.7. Leaf configs set data_preprocessor.size and OHEM's min_kept (1/16 of
# the crop's pixels).
_base_ = ['./shelfnet18_lw.py']
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    backbone=dict(stem_channels=16, base_channels=16, norm_cfg=norm_cfg,
                  init_cfg=None),
    decode_head=dict(in_channels=[32, 64, 128], channels=16, aux_channels=16,
                     num_classes=11, norm_cfg=norm_cfg))
