# The ShelfNet head (full variant) on SeqResNeXt-24 (256/512/1024/2048),
# the ShelfNet-R50 VOC aug recipe.
_base_ = ['../shelfnet/shelfnet_r50_4xb3-40k_voc12aug-512x512.py']
model = dict(
    backbone=dict(_delete_=True, type='SeqResNet', arch='NeXt24',
                  out_indices=(0, 1, 2, 3),
                  norm_cfg=dict(type='SyncBN', requires_grad=True),
                  init_cfg=dict(
                      type='Pretrained', prefix='backbone.',
                      checkpoint='checkpoints/seqresnext24_in1k.pth')))
# Starts from ImageNet weights (checkpoints/seqresnext24_in1k.pth: see
# configs/seqconv/README.md for how to make it); from scratch:
# --cfg-options model.backbone.init_cfg=None
