# Demo: a slim dilated FCN (ResNet-18-V1c with 16 base channels, output
# stride 8) trained from scratch on the embedded demo data on CPU in minutes.
# python tools/demo.py runs it end to end (data, train, evaluate, overlays).
_base_ = [
    'mmseg::_base_/models/fcn_r50-d8.py', '../_base_/datasets/demo.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/demo_2k.py'
]
crop_size = (96, 128)
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(size=crop_size)
model = dict(
    data_preprocessor=data_preprocessor,
    pretrained=None,
    backbone=dict(
        depth=18, stem_channels=16, base_channels=16, norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=128, channels=64, num_classes=11, dropout_ratio=0.1,
        norm_cfg=norm_cfg),
    auxiliary_head=None)
# measured on the CPU (tools/analysis_tools/benchmark.py --train-speed,
# configs/demo/README.md): training steps run faster in channels_last
custom_hooks = _base_.custom_hooks + [dict(type='ChannelsLastHook')]
