# shelfnet18-lw_1xb4-1.2k_camvid-360x480.py with ENet class weights
# (1 / ln(1.02 + p_c), mean 1, counted on the training labels by
# ClassWeightHook) on the main and both auxiliary losses.
_base_ = ['./shelfnet18-lw_1xb4-1.2k_camvid-360x480.py']
from mmseg_multipath.utils.head_losses import head_losses  # noqa

model = head_losses(_base_.model, loss='WeightedCrossEntropyLoss')
custom_hooks = _base_.custom_hooks + [dict(type='ClassWeightHook')]
