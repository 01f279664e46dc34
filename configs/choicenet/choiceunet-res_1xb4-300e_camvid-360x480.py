# U-Net with residual blocks (the ChoiceNet paper's comparison, Table 4) on
# CamVid: the ChoiceNet U-Net recipe with only the block changed.
_base_ = ['./choiceunet-choice_1xb4-300e_camvid-360x480.py']
model = dict(backbone=dict(block='res'))
