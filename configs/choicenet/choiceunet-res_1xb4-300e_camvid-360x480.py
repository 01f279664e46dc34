# U-Net with res blocks (the paper's comparison) on CamVid (SegNet split, 11 classes,
# void ignored; whole 360x480 frames): the paper's Adam recipe; the
# checkpoint with the best val mIoU is kept (best_mIoU_iter_*.pth) and
# tested on the test split: python tools/test.py CONFIG BEST.pth
_base_ = [
    '../_base_/models/choice_unet.py', '../_base_/datasets/camvid.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/choicenet_camvid_adam.py'
]
crop_size = (360, 480)
model = dict(data_preprocessor=dict(size=crop_size),
             backbone=dict(block='res'))
