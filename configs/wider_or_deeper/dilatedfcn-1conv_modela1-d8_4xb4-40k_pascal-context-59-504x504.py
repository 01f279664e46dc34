# Model A1 with the '1 conv' head (one 3x3 dilation-12 classifier).
_base_ = [
    './dilatedfcn-2conv_modela1-d8_4xb4-40k_pascal-context-59-504x504.py'
]
model = dict(decode_head=dict(num_convs=1))
