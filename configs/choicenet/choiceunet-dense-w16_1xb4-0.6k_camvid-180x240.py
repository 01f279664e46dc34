# U-Net with dense blocks for ChoiceNet's Table 4 comparison at 1/4
# width on CamVid 180x240: the ChoiceNet U-Net's recipe with only the block
# changed.
_base_ = ['./choiceunet-choice-w16_1xb4-0.6k_camvid-180x240.py']
model = dict(backbone=dict(block='dense'))
# NCHW as the base: channels_last changes its bf16 training step by under
# 1% (730 vs 735 ms, AMX Xeon, 2026-12-03)
