# ShelfNet18-lw (official real-time recipe) with AGC in place of every BN:
# backbone, laterals, S-Blocks (two AGCs sharing one conv), attention
# refinement and output heads. ImageNet weights load into the convs only.
_base_ = ['../shelfnet/shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py']
norm_cfg = dict(type='AGC')
model = dict(backbone=dict(norm_cfg=norm_cfg),
             decode_head=dict(norm_cfg=norm_cfg))
custom_hooks = _base_.custom_hooks + [
    dict(type='AGCInitHook'), dict(type='AGCLambdaHook', interval=50)
]
