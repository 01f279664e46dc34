# ShelfNet (full) on ResNet-50 (torchvision layout, 7x7 stem, not dilated:
# strides 4/8/16/32), the PASCAL/Cityscapes model of the official code:
# lateral 1x1 reductions to 64/128/256/512, decoder + one ladder (2 pairs),
# transposed-conv up-sampling, S-Blocks (ReLU, Dropout2d 0.25), 1x1
# classifier on the 1/4 map; SE loss (0.2) and an FCN auxiliary head on the
# stride-16 feature (0.5).
_base_ = ['./encoder_decoder.py']
norm_cfg = dict(type='SyncBN', requires_grad=True)
model = dict(
    backbone=dict(
        type='ResNet',
        depth=50,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        strides=(1, 2, 2, 2),
        dilations=(1, 1, 1, 1),
        norm_cfg=norm_cfg,
        norm_eval=False,
        style='pytorch',
        init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet50')),
    decode_head=dict(
        type='ShelfHead',
        in_channels=[256, 512, 1024, 2048],
        in_index=[0, 1, 2, 3],
        channels=64,
        variant='full',
        num_pairs=2,
        block_dropout=0.25,
        use_se_loss=True,
        loss_se_decode=dict(type='CrossEntropyLoss', use_sigmoid=True,
                            loss_weight=0.2),
        dropout_ratio=0,
        num_classes=21,
        norm_cfg=norm_cfg,
        align_corners=True,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False,
                         loss_weight=1.0)),
    auxiliary_head=dict(
        type='FCNHead',
        in_channels=1024,
        in_index=2,
        channels=256,
        num_convs=1,
        concat_input=False,
        dropout_ratio=0.1,
        num_classes=21,
        norm_cfg=norm_cfg,
        align_corners=True,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False,
                         loss_weight=0.5)))
