# The slim SeqResNet-B of the demo (ImageNet layout at 1/8 width, one block
# per stage, output stride 8) with an FCN head on real CamVid, trainable on
# a CPU in minutes: the short-run protocol of the ChoiceNet README
# (half-resolution frames 180x240, batch 4, Adam 1e-3 constant, 1,500
# iterations, from scratch; resume with --cfg-options
# train_cfg.max_iters=3000 param_scheduler.0.end=3000 for 3,000).
_base_ = [
    'mmseg::_base_/models/fcn_r50-d8.py', '../_base_/datasets/camvid_180x240.py',
    '../_base_/default_runtime.py', '../_base_/schedules/camvid_short_adam_1.5k.py'
]
crop_size = (180, 240)
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    data_preprocessor=dict(size=crop_size),
    pretrained=None,
    backbone=dict(_delete_=True, type='SeqResNet',
                  arch=dict(width=0.25, blocks=(1, 1, 1, 1),
                            group_widths=(8, 8, 16, 16),
                            subgroups=(1, 1, 1, 1)),
                  out_indices=(3, ), output_stride=8, norm_cfg=norm_cfg),
    decode_head=dict(in_channels=128, in_index=0, channels=64,
                     num_classes=11, dropout_ratio=0.1, norm_cfg=norm_cfg),
    auxiliary_head=None)
