# ChoiceNet as an mmpretrain classifier (the paper's Table 1 models for
# CIFAR and SVHN): the three dense stages of ChoiceNet modules, global
# average pooling, a linear head. Leaf configs set the depth (30 / 37 / 40),
# the class count and the head's input width (490 / 590 / 650, derived
# with choicenet.choicenet_width).
model = dict(
    type='ImageClassifier',
    backbone=dict(type='ChoiceNet', depth=40, out_indices=(2, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=10, in_channels=650,
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
