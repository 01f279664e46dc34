# mmseg's BiSeNetV1-R18 on the long CamVid run of
# shelfnet18-lw-cw_1xb4-14k_camvid-360x480.py (ENet class weights on the
# decode head and both auxiliary heads, 14,000 iterations): only the model
# differs.
_base_ = ['./shelfnet18-lw-cw_1xb4-14k_camvid-360x480.py']
from mmseg_multipath.utils.config_edits import model_of  # noqa
from mmseg_multipath.utils.head_losses import head_losses  # noqa

model = head_losses(
    model_of(
        'mmseg::bisenetv1/bisenetv1_r18-d32_4xb4-160k_cityscapes-1024x1024.py',
        num_classes=_base_.num_classes, crop_size=_base_.crop_size),
    loss='WeightedCrossEntropyLoss')
