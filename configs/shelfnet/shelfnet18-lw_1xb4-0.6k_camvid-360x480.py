# ShelfNet18-lw on CamVid at full resolution (360x480, 11 classes), from
# scratch on one CPU process: the CamVid benchmark recipe shared with
# mmseg's real-time peers (bisenetv1_r18-d32_1xb4-0.6k_camvid-360x480.py is a
# leaf of this file and changes only the model). mmseg's Cityscapes
# augmentation at CamVid size (scale 0.5-2.0, 360x480 crop, flip,
# photometric jitter), batch 4, Adam 1e-3 with warm-up + poly, 600
# iterations (6.5 epochs of the 367 training frames: ~35 min on a 2-core
# CPU; validation at 300 and 600), plain cross-entropy
# on the main and the two auxiliary outputs (1:1:1, no OHEM: the peers'
# loss), bf16 autocast + channels_last (the fastest mode measured on a CPU
# with native bf16; float32 where there is none).
_base_ = [
    '../_base_/models/shelfnet18_lw.py', '../_base_/datasets/camvid.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/camvid_cpu_benchmark.py'
]
crop_size = (360, 480)
num_classes = 11
max_iters = 600
train_dataloader = dict(batch_size=4, num_workers=2, persistent_workers=True)
val_dataloader = dict(num_workers=1)
test_dataloader = dict(num_workers=1)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(init_cfg=None),
    decode_head=dict(num_classes=num_classes, sampler=None))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0,
         end=_base_.warmup_iters),
    dict(type='PolyLR', eta_min=0.0, power=0.9, by_epoch=False,
         begin=_base_.warmup_iters, end=max_iters)
]
train_cfg = dict(max_iters=max_iters, val_interval=max_iters // 2)
default_hooks = dict(checkpoint=dict(interval=max_iters // 2))
optim_wrapper = dict(type='AutocastOptimWrapper')
custom_hooks = _base_.custom_hooks + [dict(type='ChannelsLastHook')]
