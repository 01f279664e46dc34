# CamVid, SegNet split (367/101/233, 360x480, 11 classes, void=255).
# Prepare: python tools/dataset_converters/camvid.py SRC -o data/camvid
# mmseg has no CamVid base: this is mmseg's Cityscapes base (random scale
# 0.5-2.0, crop, flip, photometric jitter; multi-scale + flip TTA) at
# 360x480, with the CamVid data set and loaders that name a bad file.
_base_ = ['mmseg::_base_/datasets/cityscapes.py']
from mmseg_multipath.datasets.edit_pipeline import (checked_loaders,  # noqa
                                                    edit_pipeline)

dataset_type = 'CamVidDataset'
data_root = 'data/camvid'
num_classes = 11
img_scale = (480, 360)
crop_size = (360, 480)
train_pipeline = checked_loaders(
    edit_pipeline(_base_.train_pipeline, RandomResize=dict(scale=img_scale),
                  RandomCrop=dict(crop_size=crop_size)), num_classes)
test_pipeline = checked_loaders(
    edit_pipeline(_base_.test_pipeline, Resize=dict(scale=img_scale)),
    num_classes, check_images=False)
tta_pipeline = checked_loaders(_base_.tta_pipeline, num_classes)


def split(name, pipeline):
    return dict(type=dataset_type, data_root=data_root,
                data_prefix=dict(img_path=f'img_dir/{name}',
                                 seg_map_path=f'ann_dir/{name}'),
                pipeline=pipeline)


train_dataloader = dict(batch_size=4, num_workers=4,
                        dataset=split('train', train_pipeline))
val_dataloader = dict(dataset=split('val', test_pipeline))
test_dataloader = dict(dataset=split('test', test_pipeline))
