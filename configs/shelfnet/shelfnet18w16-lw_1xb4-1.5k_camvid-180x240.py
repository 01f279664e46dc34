# ShelfNet18-lw at 1/4 width on real CamVid, trainable on a CPU in ~5 min:
# the short-run protocol of the ChoiceNet README (half-resolution frames
# 180x240, batch 4, Adam 1e-3 constant, 1,500 iterations, from scratch;
# resume with --cfg-options train_cfg.max_iters=3000
# param_scheduler.0.end=3000 for the README's 3,000-iteration figures).
_base_ = ['./shelfnet18-lw_2xb8-20k_camvid-360x480.py']
crop_size = (180, 240)
img_scale = (240, 180)
train_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='CheckedLoadAnnotations', num_classes=11),
    dict(type='RandomResize', scale=img_scale, ratio_range=(0.5, 2.0),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='CheckedLoadImageFromFile'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='CheckedLoadAnnotations', num_classes=11),
    dict(type='PackSegInputs')
]
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(stem_channels=16, base_channels=16, norm_cfg=norm_cfg,
                  init_cfg=None),
    decode_head=dict(in_channels=[32, 64, 128], channels=16, aux_channels=16,
                     norm_cfg=norm_cfg, sampler=dict(min_kept=180 * 240 // 16)))
optim_wrapper = dict(_delete_=True, type='OptimWrapper',
                     optimizer=dict(type='Adam', lr=1e-3, weight_decay=5e-4))
param_scheduler = [dict(type='ConstantLR', factor=1.0, by_epoch=False,
                        begin=0, end=1500)]
train_cfg = dict(max_iters=1500, val_interval=300)
default_hooks = dict(checkpoint=dict(interval=300, max_keep_ckpts=2),
                     logger=dict(interval=50))
train_dataloader = dict(batch_size=4, num_workers=2,
                        dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(num_workers=2, dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(num_workers=2, dataset=dict(pipeline=test_pipeline))
