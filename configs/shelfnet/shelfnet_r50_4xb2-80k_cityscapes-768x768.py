# ShelfNet-R50 on Cityscapes fine: crop 768 (official issue #6), scale
# 0.5-2, flip, poly lr 0.01 (head x10), 80k iterations of batch 8. Test:
# sliding 768x768 windows over the full 2048x1024 image (the official code
# evaluated below full resolution, issues #6/#7).
_base_ = [
    '../_base_/models/shelfnet_r50.py',
    '../_base_/datasets/cityscapes_768x768.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/shelfnet_poly.py'
]
crop_size = (768, 768)
max_iters = 80000
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=19),
             auxiliary_head=dict(num_classes=19),
             test_cfg=dict(mode='slide', crop_size=(768, 768),
                           stride=(512, 512)))
param_scheduler = [
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, end=max_iters,
         by_epoch=False)
]
train_cfg = dict(max_iters=max_iters, val_interval=8000)
