# ShelfNet18-lw at 1/4 width on real CamVid, from scratch, trainable on a
# CPU in ~5 min: the short-run protocol of the ChoiceNet README (180x240
# frames, batch 4, Adam 1e-3 constant, 1,500 iterations).
_base_ = [
    '../_base_/models/shelfnet18w16_lw.py',
    '../_base_/datasets/camvid_180x240.py', '../_base_/default_runtime.py',
    '../_base_/schedules/camvid_short_adam_1.5k.py'
]
crop_size = (180, 240)
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(sampler=dict(min_kept=180 * 240 // 16)))
# bf16 autocast + channels_last on a CPU with native bf16 (training step
# 139 ms vs 183 ms in float32, batch 4 at 180x240; float32 elsewhere)
optim_wrapper = dict(type='AutocastOptimWrapper')
custom_hooks = _base_.custom_hooks + [dict(type='ChannelsLastHook')]
