# U-Net with dense blocks on the 6,000-iteration Table 4 comparison of
# choiceunet-choice-w16_1xb4-6k_camvid-180x240.py: only the block changes.
_base_ = ['./choiceunet-choice-w16_1xb4-6k_camvid-180x240.py']
model = dict(backbone=dict(block='dense'))
