# bisenetv1_r18-d32_1xb4-1.2k_camvid-360x480.py with OHEM on the decode head
# and both auxiliary heads (the recipe of
# shelfnet18-lw-ohem_1xb4-1.2k_camvid-360x480.py).
_base_ = ['./bisenetv1_r18-d32_1xb4-1.2k_camvid-360x480.py']
from mmseg_multipath.utils.head_losses import head_losses, ohem_sampler  # noqa

model = head_losses(_base_.model, sampler=ohem_sampler(_base_.crop_size))
