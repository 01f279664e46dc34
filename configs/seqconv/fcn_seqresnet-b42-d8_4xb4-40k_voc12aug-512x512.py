# FCN-D8 on SeqResNet-B42, OS 8: mmseg's VOC aug 40k recipe.
_base_ = [
    '../_base_/models/fcn_seqresnet-b42-d8.py',
    '../_base_/datasets/pascal_voc12_aug.py',
    '../_base_/default_runtime.py', 'mmseg::_base_/schedules/schedule_40k.py'
]
crop_size = (512, 512)
model = dict(
    data_preprocessor=dict(size=crop_size),
    decode_head=dict(num_classes=21),
    auxiliary_head=dict(num_classes=21))
