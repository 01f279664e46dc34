# Deep Control's testbed (Ruff 2017, section 1.1): SegNet with BN on
# Cityscapes at 256x512 (whole images downscaled, 19 classes), 150 epochs at
# a fixed learning rate (no annealing), learning rate = 0.02 x batch size
# (mmengine's auto_scale_lr with base_batch_size=1), ENet class weights
# normalised to mean 1 (ClassWeightHook). Batch 4 -> lr 0.08 (Fig. 1c).
_base_ = [
    '../_base_/models/segnet_vgg16.py',
    '../_base_/datasets/cityscapes_512x1024.py',
    '../_base_/default_runtime.py', '../_base_/schedules/deep_control_150e.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

img_scale = (512, 256)
crop_size = (256, 512)
# whole images at 256x512, flips only
train_pipeline = edit_pipeline(
    _base_.train_pipeline,
    RandomResize=[dict(type='Resize', scale=img_scale, keep_ratio=True)],
    RandomCrop=None, PhotoMetricDistortion=None)
test_pipeline = edit_pipeline(_base_.test_pipeline,
                              Resize=dict(scale=img_scale))
train_dataloader = dict(
    batch_size=4,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
model = dict(
    data_preprocessor=dict(size=crop_size),
    decode_head=dict(num_classes=19))
log_processor = dict(by_epoch=True)
custom_hooks = _base_.custom_hooks + [dict(type='ClassWeightHook')]
