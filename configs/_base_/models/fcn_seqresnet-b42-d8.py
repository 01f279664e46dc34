# mmseg's FCN-D8 model (fcn_r50-d8.py) on SeqResNet-B42 dilated to output
# stride 8 (stage 4 and 3 shrinking convs at stride 1, dilation 2 and 4 after
# them; our choice, no official precedent). The FCN head reads stage 4 (1024
# channels), the auxiliary head stage 3 (512). Starts from ImageNet weights
# (checkpoints/seqresnet-b42_in1k.pth: see configs/seqconv/README.md for how
# to make it); from scratch: --cfg-options model.backbone.init_cfg=None
_base_ = ['mmseg::_base_/models/fcn_r50-d8.py']
norm_cfg = dict(type='SyncBN', requires_grad=True)
model = dict(
    pretrained=None,
    backbone=dict(_delete_=True, type='SeqResNet', arch='B42',
                  out_indices=(0, 1, 2, 3), output_stride=8,
                  norm_cfg=norm_cfg, init_cfg=dict(
                      type='Pretrained', prefix='backbone.',
                      checkpoint='checkpoints/seqresnet-b42_in1k.pth')),
    decode_head=dict(in_channels=1024, channels=512),
    auxiliary_head=dict(in_channels=512, channels=256))
