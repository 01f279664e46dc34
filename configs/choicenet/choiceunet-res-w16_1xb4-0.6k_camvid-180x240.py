# U-Net with residual blocks for ChoiceNet's Table 4 comparison at 1/4
# width on CamVid 180x240: the ChoiceNet U-Net's recipe with only the block
# changed.
_base_ = ['./choiceunet-choice-w16_1xb4-0.6k_camvid-180x240.py']
model = dict(backbone=dict(block='res'))
# channels_last: bf16 training step 272 ms against 413 ms in NCHW (AMX Xeon,
# benchmark.py --train-speed --train-batch 4, 2026-12-03)
custom_hooks = _base_.custom_hooks + [dict(type='ChannelsLastHook')]
