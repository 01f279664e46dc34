# U-Net with ChoiceNet modules at 1/4 width (base 16 channels, 4 stages)
# on the embedded demo data, from scratch, on the demo FCN's CPU schedule.
# Swap backbone.block to 'res' / 'dense' for the paper's comparison.
_base_ = [
    '../_base_/models/choice_unet.py', '../_base_/datasets/demo.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/demo_2k.py'
]
crop_size = (96, 128)
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(base_channels=16, num_stages=4, norm_cfg=norm_cfg),
    decode_head=dict(in_channels=16, in_index=3, channels=16,
                     norm_cfg=norm_cfg))
# measured on the CPU (tools/analysis_tools/benchmark.py --train-speed,
# configs/demo/README.md): training steps run faster in channels_last
custom_hooks = _base_.custom_hooks + [dict(type='ChannelsLastHook')]
