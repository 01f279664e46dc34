# mmseg's BiSeNetV1-R18 on the 2,400-iteration CamVid benchmark recipe of
# shelfnet18-lw_1xb4-2.4k_camvid-360x480.py: only the model differs (as in
# bisenetv1_r18-d32_1xb4-0.6k_camvid-360x480.py).
_base_ = ['./shelfnet18-lw_1xb4-2.4k_camvid-360x480.py']
from mmseg_multipath.utils.config_edits import model_of  # noqa

model = model_of(
    'mmseg::bisenetv1/bisenetv1_r18-d32_4xb4-160k_cityscapes-1024x1024.py',
    num_classes=_base_.num_classes, crop_size=_base_.crop_size)
