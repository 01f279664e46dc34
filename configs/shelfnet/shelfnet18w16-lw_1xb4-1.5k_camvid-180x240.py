# ShelfNet18-lw at 1/4 width (ResNet-18 with 16 base channels, shelf widths
# 16/32/64) on real CamVid, from scratch, trainable on a CPU in ~5 min: the
# short-run protocol of the ChoiceNet README (180x240 frames, batch 4,
# Adam 1e-3 constant, 1,500 iterations). The head keeps every piece of the
# real-time model (attention refinement, S-Blocks, OHEM aux outputs).
_base_ = [
    '../_base_/models/shelfnet18_lw.py', '../_base_/datasets/camvid_180x240.py',
    '../_base_/default_runtime.py', '../_base_/schedules/camvid_short_adam_1.5k.py'
]
crop_size = (180, 240)
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(stem_channels=16, base_channels=16, norm_cfg=norm_cfg,
                  init_cfg=None),
    decode_head=dict(in_channels=[32, 64, 128], channels=16, aux_channels=16,
                     num_classes=11, norm_cfg=norm_cfg,
                     sampler=dict(min_kept=180 * 240 // 16)))
