# SegNet with BN on CamVid (SegNet split, 360x480, 11 classes) with Deep
# Control's recipe (lr = 0.02 x batch, fixed, 150 epochs, ENet class
# weights normalised to mean 1).
_base_ = [
    '../_base_/models/segnet_vgg16.py', '../_base_/datasets/camvid.py',
    '../_base_/default_runtime.py', '../_base_/schedules/deep_control_150e.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (360, 480)
# whole frames, flips only
train_pipeline = edit_pipeline(_base_.train_pipeline, RandomResize=None,
                               RandomCrop=None, PhotoMetricDistortion=None)
train_dataloader = dict(
    batch_size=4,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline))
model = dict(
    data_preprocessor=dict(size=crop_size),
    decode_head=dict(num_classes=11))
log_processor = dict(by_epoch=True)
custom_hooks = _base_.custom_hooks + [dict(type='ClassWeightHook')]
