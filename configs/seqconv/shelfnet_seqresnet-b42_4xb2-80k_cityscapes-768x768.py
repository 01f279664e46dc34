# The ShelfNet head (full variant) on SeqResNet-B42 at strides 4/8/16/32
# (widths 128/256/512/1024, reduced to 64/128/256/512), the ShelfNet-R50
# Cityscapes recipe; FCN auxiliary head on stage 3.
_base_ = ['../shelfnet/shelfnet_r50_4xb2-80k_cityscapes-768x768.py']
model = dict(
    backbone=dict(_delete_=True, type='SeqResNet', arch='B42',
                  out_indices=(0, 1, 2, 3),
                  norm_cfg=dict(type='SyncBN', requires_grad=True),
                  init_cfg=dict(
                      type='Pretrained', prefix='backbone.',
                      checkpoint='checkpoints/seqresnet-b42_in1k.pth')),
    decode_head=dict(in_channels=[128, 256, 512, 1024]),
    auxiliary_head=dict(in_channels=512))
# Starts from ImageNet weights (checkpoints/seqresnet-b42_in1k.pth: see
# configs/seqconv/README.md for how to make it); from scratch:
# --cfg-options model.backbone.init_cfg=None
