# ShelfNet-R50 on PASCAL VOC 2012 + SBD aug: crop 512, batch 12 (4 x 3),
# poly lr 0.01 (head x10), flip, scale 0.5-2, rotation -10..10 degrees (the
# paper's PASCAL recipe). --tta: scales 0.5-1.75 with flips (the paper's
# multi-scale entry).
_base_ = [
    '../_base_/models/shelfnet_r50.py',
    '../_base_/datasets/pascal_voc12_aug.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/shelfnet_poly.py'
]
crop_size = (512, 512)
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=21),
    dict(type='RandomResize', scale=(2048, 512), ratio_range=(0.5, 2.0),
         keep_ratio=True),
    dict(type='RandomRotate', prob=1.0, degree=10, pad_val=0,
         seg_pad_val=255),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=crop_size),
    dict(type='PackSegInputs')
]
voc = dict(type='PascalVOCDataset', data_root='data/VOCdevkit/VOC2012',
           pipeline=train_pipeline)
train_dataloader = dict(
    batch_size=3,
    dataset=dict(datasets=[
        dict(voc, data_prefix=dict(img_path='JPEGImages',
                                   seg_map_path='SegmentationClass'),
             ann_file='ImageSets/Segmentation/train.txt'),
        dict(voc, data_prefix=dict(img_path='JPEGImages',
                                   seg_map_path='SegmentationClassAug'),
             ann_file='ImageSets/Segmentation/aug.txt')
    ]))
model = dict(data_preprocessor=dict(size=crop_size))
