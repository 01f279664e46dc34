# bisenetv1_r18-d32_1xb4-1.2k_camvid-360x480.py with ENet class weights on
# the decode head and both auxiliary heads (the recipe of
# shelfnet18-lw-cw_1xb4-1.2k_camvid-360x480.py).
_base_ = ['./bisenetv1_r18-d32_1xb4-1.2k_camvid-360x480.py']
from mmseg_multipath.utils.head_losses import head_losses  # noqa

model = head_losses(_base_.model, loss='WeightedCrossEntropyLoss')
custom_hooks = _base_.custom_hooks + [dict(type='ClassWeightHook')]
