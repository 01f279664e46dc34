# ChoiceNet's Table 4 comparison at the size a 2-core CPU allows: the U-Net
# with ChoiceNet modules at 1/4 width (base 16, five stages) on real CamVid
# at half resolution (180x240), from scratch, the CamVid benchmark recipe
# (Adam 1e-3, warm-up + poly, batch 4, best val checkpoint kept), bf16
# autocast. The res and dense leaves change the block (and the memory
# layout where it pays); run each with two seeds (--cfg-options
# randomness.seed=N).
_base_ = [
    '../_base_/models/choice_unet.py', '../_base_/datasets/camvid_180x240.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/camvid_cpu_benchmark.py'
]
crop_size = (180, 240)
max_iters = 600
base_channels = 16
norm_cfg = dict(type='BN', requires_grad=True)
train_dataloader = dict(batch_size=4, num_workers=2, persistent_workers=True)
val_dataloader = dict(num_workers=1)
test_dataloader = dict(num_workers=1)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(block='choice', base_channels=base_channels,
                  norm_cfg=norm_cfg),
    decode_head=dict(in_channels=base_channels, channels=base_channels,
                     norm_cfg=norm_cfg))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0,
         end=_base_.warmup_iters),
    dict(type='PolyLR', eta_min=0.0, power=0.9, by_epoch=False,
         begin=_base_.warmup_iters, end=max_iters)
]
train_cfg = dict(max_iters=max_iters, val_interval=max_iters // 2)
default_hooks = dict(checkpoint=dict(interval=max_iters // 2))
# NCHW: on the AMX Xeon a bf16 training step takes 464 ms in NCHW and 503
# ms in channels_last (benchmark.py --train-speed --train-batch 4,
# 2026-12-03); the residual U-Net gains from channels_last, its leaf says so
optim_wrapper = dict(type='AutocastOptimWrapper')
randomness = dict(seed=0)
