# ShelfNet18-lw at 1/4 width on the embedded demo data, from scratch, on the
# demo FCN's CPU schedule (2k iterations, batch 8, SGD poly 0.05).
_base_ = [
    '../_base_/models/shelfnet18w16_lw.py', '../_base_/datasets/demo.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/demo_2k.py'
]
crop_size = (96, 128)
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(sampler=dict(min_kept=96 * 128 // 16)))
# at 16 channels bf16 does not pay on the CPU (training steps measured as
# fast as float32, inference slower): float32, channels_last (inference
# 1.45x)
optim_wrapper = dict(type='OptimWrapper')
custom_hooks = _base_.custom_hooks + [dict(type='ChannelsLastHook')]
