# ShelfNet18-lw (real-time, Cityscapes) of the official code: ResNet-18
# levels at strides 8/16/32 (layer2-4), lateral 1x1 ConvBN-LeakyReLU to
# 64/128/256, decoder + one ladder (2 pairs), attention refinement + nearest
# up-sampling, S-Blocks (LeakyReLU 0.01, Dropout2d 0.1), NetOutput heads on
# the 1/8 map and (training only) on the 1/16 and 1/32 maps, three OHEM
# cross-entropy terms (thresh 0.7, at least 1/16 of the pixels), 1:1:1.
# Backbone as the official one: its In-Place ABN layers put LeakyReLU 0.01
# after the stem norm and after bn1 of every block, ReLU after the residual
# sum (ActResNet); it loads torchvision's ResNet-18/34 weights unchanged.
_base_ = ['./encoder_decoder.py']
norm_cfg = dict(type='SyncBN', requires_grad=True)
leaky = dict(type='LeakyReLU', negative_slope=0.01)
model = dict(
    backbone=dict(
        type='ActResNet',
        depth=18,
        stem_act_cfg=leaky,
        block_act_cfg=leaky,
        out_act_cfg=dict(type='ReLU'),
        num_stages=4,
        out_indices=(1, 2, 3),
        norm_cfg=norm_cfg,
        norm_eval=False,
        style='pytorch',
        init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet18')),
    decode_head=dict(
        type='ShelfHead',
        in_channels=[128, 256, 512],
        in_index=[0, 1, 2],
        channels=64,
        variant='lw',
        num_pairs=2,
        block_dropout=0.1,
        block_act_cfg=leaky,
        act_cfg=leaky,
        aux_outputs=True,
        aux_channels=64,
        aux_weights=(1.0, 1.0),
        dropout_ratio=0,
        num_classes=19,
        norm_cfg=norm_cfg,
        align_corners=True,
        sampler=dict(type='OHEMPixelSampler', thresh=0.7, min_kept=65536),
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False,
                         loss_weight=1.0)))
