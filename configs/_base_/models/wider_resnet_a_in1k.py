# "Wider or Deeper" Model A as an ImageNet classifier (mmpretrain): 3x3/2
# max-pool down-sampling (the paper's classification form), output stride 32,
# global average pooling of the 4096-channel bn7 output, then 'linear1000'
# (head.fc). 109,167,912 parameters, equal to the official code.
custom_imports = dict(imports=['mmseg_multipath'], allow_failed_imports=False)
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='WiderResNet',
        arch='A',
        output_stride=32,
        out_indices=(5, ),
        norm_cfg=dict(type='BN', eps=1.001e-5, requires_grad=True)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=4096,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, 5)))
