# SeqResNet / SeqResNet-B on CIFAR as mmpretrain classifiers (the paper's
# CIFAR template, section 4.1): Dropout2d 0.1 on every SeqConv window and
# before the 1x1 blender, global average pooling, a linear head. Leaf
# configs set the template (k, r, N, bottleneck), the class count and the
# head's input width (48r, derived with seq_resnet.arch_table).
model = dict(
    type='ImageClassifier',
    backbone=dict(type='SeqResNet',
                  arch=dict(k=8, r=4, N=1, bottleneck=False),
                  out_indices=(2, ), dropout=0.1, with_blender=True,
                  top_dropout=0.1),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=10, in_channels=192,
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
