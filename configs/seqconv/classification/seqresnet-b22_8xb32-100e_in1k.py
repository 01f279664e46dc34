# B22 on ImageNet (the paper's Table 2; 11,859,656 parameters, equal to the
# official code) with the official recipe: 100 epochs, batch 256 (8 x 32),
# nesterov SGD lr 0.1 /10 every 30 epochs, wd 1e-4, RandomResizedCrop 224,
# colour jitter 0.4 and PCA lighting 0.1.
_base_ = [
    'mmpretrain::_base_/datasets/imagenet_bs32.py',
    'mmpretrain::_base_/schedules/imagenet_bs256.py',
    'mmpretrain::_base_/default_runtime.py'
]
from mmseg_multipath.models.backbones.seq_resnet import arch_table  # noqa
custom_imports = dict(imports=['mmseg_multipath'], allow_failed_imports=False)
model = dict(
    type='ImageClassifier',
    backbone=dict(type='SeqResNet', arch='B22', out_indices=(3, ),
                  with_blender=True),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=1000,
              in_channels=arch_table('B22')['widths'][-1],
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
              topk=(1, 5)))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=224),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='ColorJitter', brightness=0.4, contrast=0.4, saturation=0.4),
    dict(type='Lighting',
         eigval=[55.4625, 4.7940, 1.1475],
         eigvec=[[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140],
                 [-0.5836, -0.6948, 0.4203]],
         alphastd=0.1, to_rgb=False),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
optim_wrapper = dict(optimizer=dict(nesterov=True))
