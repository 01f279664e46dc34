# FCN-D8 on a slim SeqResNet-B (the ImageNet layout at 1/8 width: stages
# 16/32/64/128, group widths 8/8/16/16, one block per stage; output stride
# 8), from scratch, BN, no auxiliary head: the SeqConv demo model. Leaf
# configs set num_classes and data_preprocessor.size.
_base_ = ['mmseg::_base_/models/fcn_r50-d8.py']
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    pretrained=None,
    backbone=dict(_delete_=True, type='SeqResNet',
                  arch=dict(width=0.25, blocks=(1, 1, 1, 1),
                            group_widths=(8, 8, 16, 16),
                            subgroups=(1, 1, 1, 1)),
                  out_indices=(3, ), output_stride=8, norm_cfg=norm_cfg),
    decode_head=dict(in_channels=128, in_index=0, channels=64,
                     dropout_ratio=0.1, norm_cfg=norm_cfg),
    auxiliary_head=None)
