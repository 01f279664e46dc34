# shelfnet18-lw_1xb4-1.2k_camvid-360x480.py with OHEM on the main and both
# auxiliary losses, as the official ShelfNet code trains (pixels whose
# probability of the true class is below 0.7, at least 1/16 of each crop).
_base_ = ['./shelfnet18-lw_1xb4-1.2k_camvid-360x480.py']
from mmseg_multipath.utils.head_losses import head_losses, ohem_sampler  # noqa

model = head_losses(_base_.model, sampler=ohem_sampler(_base_.crop_size))
