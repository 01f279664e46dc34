# FCN-D8 on SeqResNet-B42, OS 8: mmseg's Cityscapes 512x1024 80k recipe.
_base_ = [
    '../_base_/models/fcn_seqresnet-b42-d8.py',
    '../_base_/datasets/cityscapes_512x1024.py',
    '../_base_/default_runtime.py', 'mmseg::_base_/schedules/schedule_80k.py'
]
crop_size = (512, 1024)
model = dict(
    data_preprocessor=dict(size=crop_size),
    decode_head=dict(num_classes=19),
    auxiliary_head=dict(num_classes=19))
