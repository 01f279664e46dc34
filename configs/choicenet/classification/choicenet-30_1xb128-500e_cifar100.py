# ChoiceNet-30 (Table 1) on CIFAR100 with the paper's recipe (SGD, batch
# 128, lr 1e-3 / 1e-4 / 1e-5 over 100 / 100 / 300 epochs, best-val model),
# standard augmentation (crop with 4-pixel padding, flip: the paper's
# "C10+/C100+"). Without augmentation the paper adds Dropout 0.5:
# --cfg-options model.backbone.dropout=0.5 and a pipeline without the
# crop and flip.
_base_ = [
    'mmpretrain::_base_/datasets/cifar100_bs16.py',
    '../../_base_/schedules/choicenet_cifar.py',
    '../../_base_/models/choicenet_cifar.py'
]
from mmseg_multipath.models.backbones.choicenet import choicenet_width  # noqa
model = dict(backbone=dict(depth=30),
             head=dict(num_classes=100,
                       in_channels=choicenet_width(30)))
train_dataloader = dict(batch_size=128)
val_dataloader = dict(batch_size=128)
test_dataloader = dict(batch_size=128)
