# bisenetv1_r18-d32_1xb4-1.2k_camvid-360x480.py with ENet class weights and
# OHEM on every head (the recipe of
# shelfnet18-lw-cw-ohem_1xb4-1.2k_camvid-360x480.py).
_base_ = ['./bisenetv1_r18-d32-cw_1xb4-1.2k_camvid-360x480.py']
from mmseg_multipath.utils.head_losses import head_losses, ohem_sampler  # noqa

model = head_losses(_base_.model, sampler=ohem_sampler(_base_.crop_size))
