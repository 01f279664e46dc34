# mmseg's DeepLabV3-D8 model (deeplabv3_r50-d8.py) on SeqResNeXt-24 (stage
# widths 256/512/1024/2048, grouped bottleneck 3x3s), output stride 8.
# Starts from ImageNet weights (checkpoints/seqresnext24_in1k.pth: see
# configs/seqconv/README.md for how to make it); from scratch:
# --cfg-options model.backbone.init_cfg=None
_base_ = ['mmseg::_base_/models/deeplabv3_r50-d8.py']
norm_cfg = dict(type='SyncBN', requires_grad=True)
model = dict(
    pretrained=None,
    backbone=dict(_delete_=True, type='SeqResNet', arch='NeXt24',
                  out_indices=(0, 1, 2, 3), output_stride=8,
                  norm_cfg=norm_cfg, init_cfg=dict(
                      type='Pretrained', prefix='backbone.',
                      checkpoint='checkpoints/seqresnext24_in1k.pth')),
    decode_head=dict(in_channels=2048),
    auxiliary_head=dict(in_channels=1024))
