# mmseg's BiSeNetV1-R18 (its own model config, from scratch) on the CamVid
# benchmark recipe of ShelfNet18-lw: same data pipeline, batch, schedule,
# precision and loss (cross-entropy on the main and the two auxiliary
# outputs, 1:1:1, mmseg's own heads); only the model differs.
_base_ = ['./shelfnet18-lw_1xb4-0.6k_camvid-360x480.py']
from mmseg_multipath.utils.config_edits import model_of  # noqa

model = model_of(
    'mmseg::bisenetv1/bisenetv1_r18-d32_4xb4-160k_cityscapes-1024x1024.py',
    num_classes=_base_.num_classes, crop_size=_base_.crop_size)
