# The embedded demo data set: generated street scenes in the CamVid class set
# (11 classes + void) at 120x160, 48 train / 16 val / 16 test images.
# Prepare: python tools/misc/generate_demo_data.py (writes data/demo)
# camvid.py's pipelines at 120x160 with a milder random scale (0.75-1.5) and
# no photometric jitter; CPU settings: 2 workers, small batches; the test
# loader reads the val split.
_base_ = ['./camvid.py']
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

data_root = 'data/demo'
img_scale = (160, 120)
crop_size = (96, 128)
train_pipeline = edit_pipeline(
    _base_.train_pipeline,
    RandomResize=dict(scale=img_scale, ratio_range=(0.75, 1.5)),
    RandomCrop=dict(crop_size=crop_size),
    PhotoMetricDistortion=None)
test_pipeline = edit_pipeline(_base_.test_pipeline,
                              Resize=dict(scale=img_scale))
train_dataloader = dict(
    batch_size=8, num_workers=2, persistent_workers=True,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=4, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=4, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root,
                 data_prefix=dict(img_path='img_dir/val',
                                  seg_map_path='ann_dir/val'),
                 pipeline=test_pipeline))
