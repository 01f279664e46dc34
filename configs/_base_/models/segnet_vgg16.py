# SegNet (VGG-16 encoder, pooling-indices decoder, 13 + 13 convolutions).
_base_ = ['./encoder_decoder.py']
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    backbone=dict(type='SegNet', depth=13, norm_cfg=norm_cfg),
    decode_head=dict(
        type='SegNetHead',
        in_channels=[64, 128, 256, 512, 512],
        depths=[2, 2, 3, 3, 3],
        channels=64,
        num_classes=19,
        norm_cfg=norm_cfg,
        align_corners=False,
        # class weights (ClassWeightHook) with void pixels: mmseg 1.2.2's
        # CrossEntropyLoss raises IndexError there, this one does not
        loss_decode=dict(
            type='WeightedCrossEntropyLoss', use_sigmoid=False,
            loss_weight=1.0)))
