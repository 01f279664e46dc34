# U-Net with residual blocks on the 6,000-iteration Table 4 comparison of
# choiceunet-choice-w16_1xb4-6k_camvid-180x240.py: only the block changes
# (channels_last, as choiceunet-res-w16_1xb4-0.6k_camvid-180x240.py).
_base_ = ['./choiceunet-choice-w16_1xb4-6k_camvid-180x240.py']
model = dict(backbone=dict(block='res'))
custom_hooks = _base_.custom_hooks + [dict(type='ChannelsLastHook')]
