# U-Net with ChoiceNet modules (ChoiceNet paper, Fig. 5 / Table 4): five
# stages of width 64 x 2^i, max+avg pooling, bilinear up-sampling, one
# block per stage on both sides; mmseg's FCN head on the full-resolution
# decoder output. Set backbone.block to 'res' or 'dense' for the paper's
# comparison blocks.
_base_ = ['./encoder_decoder.py']
norm_cfg = dict(type='SyncBN', requires_grad=True)
model = dict(
    backbone=dict(
        type='ChoiceUNet',
        block='choice',
        base_channels=64,
        num_stages=5,
        downsample='maxavg',
        upsample='bilinear',
        norm_cfg=norm_cfg),
    decode_head=dict(
        type='FCNHead',
        in_channels=64,
        in_index=4,
        channels=64,
        num_convs=1,
        concat_input=False,
        dropout_ratio=0.1,
        num_classes=11,
        norm_cfg=norm_cfg,
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)))
