# ChoiceNet-40 on SVHN (all training data incl. 'extra', no augmentation,
# Dropout 0.5, 10% of the training images held out for model selection):
# the paper's protocol. mmpretrain has no SVHN loader: convert SVHN to the
# CustomDataset layout (data/svhn/{train,val,test}/<digit>/*.png).
_base_ = [
    '../../_base_/schedules/choicenet_cifar.py',
    '../../_base_/models/choicenet_cifar.py'
]
from mmseg_multipath.models.backbones.choicenet import choicenet_width  # noqa
data_preprocessor = dict(num_classes=10, mean=[111.6, 113.2, 120.6],
                         std=[50.5, 51.3, 50.2], to_rgb=True)
pipeline = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]
train_dataloader = dict(
    batch_size=128, num_workers=2,
    dataset=dict(type='CustomDataset', data_root='data/svhn',
                 data_prefix='train', pipeline=pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True))
val_dataloader = dict(
    batch_size=128, num_workers=2,
    dataset=dict(type='CustomDataset', data_root='data/svhn',
                 data_prefix='val', pipeline=pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False))
test_dataloader = dict(
    batch_size=128, num_workers=2,
    dataset=dict(type='CustomDataset', data_root='data/svhn',
                 data_prefix='test', pipeline=pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False))
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_evaluator = val_evaluator
model = dict(backbone=dict(depth=40, dropout=0.5),
             head=dict(num_classes=10,
                       in_channels=choicenet_width(40)))
