# Model A1, '2 conv', PASCAL VOC 2012 + SBD aug (21 classes). The paper's
# recipe: random scale 0.7-1.3, 500 crops (504), batch 16, lr 0.0016 fixed
# then linear decay, frozen BN statistics, OHEM. The VOC schedule length was
# never published (ademxapp #14/#39): we use mmseg's 40k for VOC aug, split
# 3:1 between the fixed and the decaying phase like the Cityscapes recipe.
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/pascal_voc12_aug.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/wider_or_deeper_38k.py'
]
crop_size = (504, 504)
fixed_iters, decay_iters = 30000, 10000
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=21),
    dict(type='RandomResize', scale=(2048, 512), ratio_range=(0.7, 1.3),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=crop_size),
    dict(type='PackSegInputs')
]
voc = dict(type='PascalVOCDataset', data_root='data/VOCdevkit/VOC2012',
           pipeline=train_pipeline)
train_dataloader = dict(
    batch_size=4,
    dataset=dict(datasets=[
        dict(voc, data_prefix=dict(img_path='JPEGImages',
                                   seg_map_path='SegmentationClass'),
             ann_file='ImageSets/Segmentation/train.txt'),
        dict(voc, data_prefix=dict(img_path='JPEGImages',
                                   seg_map_path='SegmentationClassAug'),
             ann_file='ImageSets/Segmentation/aug.txt')
    ]))
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=21))
param_scheduler = [
    dict(type='ConstantLR', factor=1.0, begin=0, end=fixed_iters,
         by_epoch=False),
    dict(type='LinearLR', start_factor=0.5, end_factor=0.0,
         begin=fixed_iters, end=fixed_iters + decay_iters, by_epoch=False)
]
train_cfg = dict(max_iters=fixed_iters + decay_iters)
