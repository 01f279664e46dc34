# ShelfNet18-lw at 1/4 width (ResNet-18 with 16 base channels, shelf widths
# 16/32/64) on the embedded demo data, from scratch, on the demo FCN's CPU
# schedule (2k iterations, batch 8, SGD poly 0.05). The head keeps every
# piece of the real-time model: attention refinement, S-Blocks (LeakyReLU,
# Dropout2d 0.1), the 1/16 and 1/32 auxiliary outputs with OHEM 0.7.
_base_ = [
    '../_base_/models/shelfnet18_lw.py', '../_base_/datasets/demo.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/demo_2k.py'
]
crop_size = (96, 128)
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(stem_channels=16, base_channels=16, norm_cfg=norm_cfg,
                  init_cfg=None),
    decode_head=dict(
        in_channels=[32, 64, 128], channels=16, aux_channels=16,
        num_classes=11, norm_cfg=norm_cfg,
        sampler=dict(min_kept=96 * 128 // 16)))
