# "Wider or Deeper" Model A1 (strided-conv down-sampling), dilated to output
# stride 8, with the '2 conv' head (conv6a 512 d12 + ReLU, classifier 3x3
# d12) and online bootstrapping (OHEM, thresh 0.6, min kept 256).
# Starts from the ImageNet Model A1 weights (the paper fine-tunes them), with
# BN statistics frozen (norm_eval) and the official eps. Make the weights
# file with tools/model_converters/ademxapp2mmseg.py (see
# configs/wider_or_deeper/README.md); train from scratch with
# --cfg-options model.backbone.init_cfg=None (norm_eval then lets the
# random statistics train).
_base_ = ['./encoder_decoder.py']
norm_cfg = dict(type='SyncBN', eps=1.001e-5, requires_grad=True)
model = dict(
    backbone=dict(
        type='WiderResNet',
        arch='A1',
        output_stride=8,
        out_indices=(5, ),
        norm_cfg=norm_cfg,
        norm_eval=True,
        # converted from the released ilsvrc-cls_rna-a1_cls1000_ep-0001.params
        init_cfg=dict(type='Pretrained', prefix='backbone.',
                      checkpoint='checkpoints/wider_resnet38_a1_in1k.pth')),
    decode_head=dict(
        type='DilatedFCNHead',
        in_channels=4096,
        in_index=0,
        num_convs=2,
        channels=512,
        dilation=12,
        num_classes=19,
        align_corners=False,
        sampler=dict(type='OHEMPixelSampler', thresh=0.6, min_kept=256),
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)))
