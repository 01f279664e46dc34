# DeepLabV3-D8 on SeqResNeXt-24, OS 8: mmseg's Cityscapes 80k recipe.
_base_ = [
    '../_base_/models/deeplabv3_seqresnext24-d8.py',
    '../_base_/datasets/cityscapes_512x1024.py',
    '../_base_/default_runtime.py', 'mmseg::_base_/schedules/schedule_80k.py'
]
crop_size = (512, 1024)
model = dict(
    data_preprocessor=dict(size=crop_size),
    decode_head=dict(num_classes=19),
    auxiliary_head=dict(num_classes=19))
