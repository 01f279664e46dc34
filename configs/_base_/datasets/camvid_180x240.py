# CamVid (SegNet split) at half resolution for short CPU runs: camvid.py's
# pipelines (random scale 0.5-2.0, crop, flip, photometric jitter) at 180x240;
# batch 4, two loader workers; multi-scale + flip TTA at mmseg's ratios
# (0.5-1.75) of 180x240. Prepare the data as for camvid.py.
_base_ = ['./camvid.py']
from mmseg_multipath.datasets.edit_pipeline import (edit_pipeline,  # noqa
                                                    scale_tta)

img_scale = (240, 180)
crop_size = (180, 240)
train_pipeline = edit_pipeline(_base_.train_pipeline,
                               RandomResize=dict(scale=img_scale),
                               RandomCrop=dict(crop_size=crop_size))
test_pipeline = edit_pipeline(_base_.test_pipeline,
                              Resize=dict(scale=img_scale))
# the frames are stored at 360x480: halve the TTA's scale factors
tta_pipeline = scale_tta(_base_.tta_pipeline, 0.5)
train_dataloader = dict(batch_size=4, num_workers=2,
                        dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(num_workers=2, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(num_workers=2, dataset=dict(pipeline=test_pipeline))
