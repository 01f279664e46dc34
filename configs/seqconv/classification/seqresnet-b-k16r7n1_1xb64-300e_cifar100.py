# SeqResNet-B (k=16, r=7, N=1) on CIFAR100 with the paper's CIFAR recipe: 300
# epochs, batch 64, nesterov SGD, lr 0.1 (x0.1 at epochs 150 and 225), wd
# 1e-4, Dropout2d 0.1 on every SeqConv window and before the blender.
# 874,164 parameters, equal to the official code. The python-format
# batches go in data/cifar100.
_base_ = [
    'mmpretrain::_base_/datasets/cifar100_bs16.py',
    '../../_base_/schedules/seqconv_cifar_300e.py',
    '../../_base_/models/seqresnet_cifar.py'
]
from mmseg_multipath.models.backbones.seq_resnet import arch_table  # noqa
arch = dict(k=16, r=7, N=1, bottleneck=True)
model = dict(
    backbone=dict(arch=arch),
    head=dict(num_classes=100,
              in_channels=arch_table(arch)['widths'][-1]))
train_dataloader = dict(batch_size=64)
val_dataloader = dict(batch_size=64)
test_dataloader = dict(batch_size=64)
