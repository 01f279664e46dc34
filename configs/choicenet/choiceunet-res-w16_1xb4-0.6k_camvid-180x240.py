# U-Net with residual blocks for ChoiceNet's Table 4 comparison at 1/4
# width on CamVid 180x240: the ChoiceNet U-Net's recipe with only the block
# changed.
_base_ = ['./choiceunet-choice-w16_1xb4-0.6k_camvid-180x240.py']
model = dict(backbone=dict(block='res'))
