# shelfnet18-lw_1xb4-1.2k_camvid-360x480.py with ENet class weights and OHEM
# together (the -cw and -ohem leaves combined) on every loss.
_base_ = ['./shelfnet18-lw-cw_1xb4-1.2k_camvid-360x480.py']
from mmseg_multipath.utils.head_losses import head_losses, ohem_sampler  # noqa

model = head_losses(_base_.model, sampler=ohem_sampler(_base_.crop_size))
