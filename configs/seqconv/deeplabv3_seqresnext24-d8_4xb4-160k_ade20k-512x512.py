# DeepLabV3-D8 on SeqResNeXt-24, OS 8: mmseg's ADE20K 160k recipe.
_base_ = [
    '../_base_/models/deeplabv3_seqresnext24-d8.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/default_runtime.py', 'mmseg::_base_/schedules/schedule_160k.py'
]
crop_size = (512, 512)
model = dict(
    data_preprocessor=dict(size=crop_size),
    decode_head=dict(num_classes=150),
    auxiliary_head=dict(num_classes=150))
