base_channels = 16
crop_size = (
    180,
    240,
)
custom_hooks = [
    dict(type='IterSeedHook'),
    dict(type='NonFiniteGuardHook'),
    dict(type='SyncNormStatsHook'),
    dict(type='AGCFusionHook'),
    dict(type='EarlyProgressHook'),
    dict(type='SkippedFilesHook'),
    dict(type='PendingValidationHook'),
    dict(type='ResumeSkipHook'),
    dict(type='SteadyMallocHook'),
]
custom_imports = dict(
    allow_failed_imports=False, imports=[
        'mmseg_multipath',
    ])
data_preprocessor = dict(
    bgr_to_rgb=True,
    mean=[
        123.675,
        116.28,
        103.53,
    ],
    pad_val=0,
    seg_pad_val=255,
    std=[
        58.395,
        57.12,
        57.375,
    ],
    type='MixedSizeSegDataPreProcessor')
data_root = 'data/camvid'
dataset_type = 'CamVidDataset'
default_hooks = dict(
    checkpoint=dict(
        _scope_='mmseg',
        by_epoch=False,
        interval=500,
        max_keep_ckpts=2,
        rule='greater',
        save_best='mIoU',
        type='AtomicCheckpointHook'),
    logger=dict(
        _scope_='mmseg',
        interval=20,
        log_metric_by_epoch=False,
        type='LoggerHook'),
    param_scheduler=dict(_scope_='mmseg', type='ParamSchedulerHook'),
    sampler_seed=dict(_scope_='mmseg', type='DistSamplerSeedHook'),
    timer=dict(_scope_='mmseg', type='IterTimerHook'),
    visualization=dict(_scope_='mmseg', type='SegVisualizationHook'))
default_scope = 'mmseg'
env_cfg = dict(
    cudnn_benchmark=False,
    dist_cfg=dict(backend='gloo'),
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0))
img_ratios = [
    0.5,
    0.75,
    1.0,
    1.25,
    1.5,
    1.75,
]
img_scale = (
    240,
    180,
)
launcher = 'none'
load_from = None
log_level = 'INFO'
log_processor = dict(by_epoch=False, window_size=10)
max_iters = 6000
model = dict(
    backbone=dict(
        base_channels=16,
        block='dense',
        downsample='maxavg',
        norm_cfg=dict(requires_grad=True, type='BN'),
        num_stages=5,
        type='ChoiceUNet',
        upsample='bilinear'),
    data_preprocessor=dict(
        bgr_to_rgb=True,
        mean=[
            123.675,
            116.28,
            103.53,
        ],
        pad_val=0,
        seg_pad_val=255,
        size=(
            180,
            240,
        ),
        std=[
            58.395,
            57.12,
            57.375,
        ],
        type='MixedSizeSegDataPreProcessor'),
    decode_head=dict(
        align_corners=False,
        channels=16,
        concat_input=False,
        dropout_ratio=0.1,
        in_channels=16,
        in_index=4,
        loss_decode=dict(
            loss_weight=1.0, type='CrossEntropyLoss', use_sigmoid=False),
        norm_cfg=dict(requires_grad=True, type='BN'),
        num_classes=11,
        num_convs=1,
        type='FCNHead'),
    pretrained=None,
    test_cfg=dict(mode='whole'),
    train_cfg=dict(),
    type='EncoderDecoder')
model_wrapper_cfg = dict(
    broadcast_buffers=False,
    device_ids=None,
    find_unused_parameters=False,
    type='MMDistributedDataParallel')
norm_cfg = dict(requires_grad=True, type='BN')
num_classes = 11
optim_wrapper = dict(
    optimizer=dict(lr=0.001, type='Adam', weight_decay=0.0005),
    type='AutocastOptimWrapper')
optimizer = dict(
    _scope_='mmseg', lr=0.01, momentum=0.9, type='SGD', weight_decay=0.0005)
param_scheduler = [
    dict(begin=0, by_epoch=False, end=100, start_factor=0.01, type='LinearLR'),
    dict(
        begin=100,
        by_epoch=False,
        end=6000,
        eta_min=0.0,
        power=0.9,
        type='PolyLR'),
]
randomness = dict(seed=0)
resume = False
runner_type = 'MultipathRunner'
test_cfg = dict(_scope_='mmseg', type='TestLoop')
test_dataloader = dict(
    batch_size=1,
    dataset=dict(
        _scope_='mmseg',
        data_prefix=dict(img_path='img_dir/test', seg_map_path='ann_dir/test'),
        data_root='data/camvid',
        pipeline=[
            dict(
                _scope_='mmseg',
                backend_args=dict(backend='checked_local'),
                type='LoadImageFromFile'),
            dict(
                _scope_='mmseg',
                keep_ratio=True,
                scale=(
                    240,
                    180,
                ),
                type='Resize'),
            dict(
                _scope_='mmseg', num_classes=11,
                type='CheckedLoadAnnotations'),
            dict(_scope_='mmseg', type='PackSegInputs'),
        ],
        type='CamVidDataset'),
    num_workers=1,
    persistent_workers=True,
    sampler=dict(_scope_='mmseg', shuffle=False, type='DefaultSampler'))
test_evaluator = dict(
    _scope_='mmseg', iou_metrics=[
        'mIoU',
    ], type='AtomicIoUMetric')
test_pipeline = [
    dict(
        _scope_='mmseg',
        backend_args=dict(backend='checked_local'),
        type='LoadImageFromFile'),
    dict(_scope_='mmseg', keep_ratio=True, scale=(
        240,
        180,
    ), type='Resize'),
    dict(_scope_='mmseg', num_classes=11, type='CheckedLoadAnnotations'),
    dict(_scope_='mmseg', type='PackSegInputs'),
]
train_cfg = dict(
    _scope_='mmseg',
    max_iters=6000,
    type='IterBasedTrainLoop',
    val_interval=1000)
train_dataloader = dict(
    batch_size=4,
    dataset=dict(
        _scope_='mmseg',
        data_prefix=dict(
            img_path='img_dir/train', seg_map_path='ann_dir/train'),
        data_root='data/camvid',
        pipeline=[
            dict(_scope_='mmseg', type='CheckedLoadImageFromFile'),
            dict(
                _scope_='mmseg', num_classes=11,
                type='CheckedLoadAnnotations'),
            dict(
                _scope_='mmseg',
                keep_ratio=True,
                ratio_range=(
                    0.5,
                    2.0,
                ),
                scale=(
                    240,
                    180,
                ),
                type='RandomResize'),
            dict(
                _scope_='mmseg',
                cat_max_ratio=0.75,
                crop_size=(
                    180,
                    240,
                ),
                type='RandomCrop'),
            dict(_scope_='mmseg', prob=0.5, type='RandomFlip'),
            dict(_scope_='mmseg', type='PhotoMetricDistortion'),
            dict(_scope_='mmseg', type='PackSegInputs'),
        ],
        type='CamVidDataset'),
    num_workers=0,
    persistent_workers=False,
    sampler=dict(_scope_='mmseg', shuffle=True, type='InfiniteSampler'))
train_pipeline = [
    dict(_scope_='mmseg', type='CheckedLoadImageFromFile'),
    dict(_scope_='mmseg', num_classes=11, type='CheckedLoadAnnotations'),
    dict(
        _scope_='mmseg',
        keep_ratio=True,
        ratio_range=(
            0.5,
            2.0,
        ),
        scale=(
            240,
            180,
        ),
        type='RandomResize'),
    dict(
        _scope_='mmseg',
        cat_max_ratio=0.75,
        crop_size=(
            180,
            240,
        ),
        type='RandomCrop'),
    dict(_scope_='mmseg', prob=0.5, type='RandomFlip'),
    dict(_scope_='mmseg', type='PhotoMetricDistortion'),
    dict(_scope_='mmseg', type='PackSegInputs'),
]
tta_model = dict(_scope_='mmseg', type='SegTTAModel')
tta_pipeline = [
    dict(_scope_='mmseg', backend_args=None, type='CheckedLoadImageFromFile'),
    dict(
        _scope_='mmseg',
        transforms=[
            [
                dict(keep_ratio=True, scale_factor=0.25, type='Resize'),
                dict(keep_ratio=True, scale_factor=0.375, type='Resize'),
                dict(keep_ratio=True, scale_factor=0.5, type='Resize'),
                dict(keep_ratio=True, scale_factor=0.625, type='Resize'),
                dict(keep_ratio=True, scale_factor=0.75, type='Resize'),
                dict(keep_ratio=True, scale_factor=0.875, type='Resize'),
            ],
            [
                dict(direction='horizontal', prob=0.0, type='RandomFlip'),
                dict(direction='horizontal', prob=1.0, type='RandomFlip'),
            ],
            [
                dict(num_classes=11, type='CheckedLoadAnnotations'),
            ],
            [
                dict(type='PackSegInputs'),
            ],
        ],
        type='TestTimeAug'),
]
val_cfg = dict(_scope_='mmseg', type='ValLoop')
val_dataloader = dict(
    batch_size=1,
    dataset=dict(
        _scope_='mmseg',
        data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val'),
        data_root='data/camvid',
        pipeline=[
            dict(
                _scope_='mmseg',
                backend_args=dict(backend='checked_local'),
                type='LoadImageFromFile'),
            dict(
                _scope_='mmseg',
                keep_ratio=True,
                scale=(
                    240,
                    180,
                ),
                type='Resize'),
            dict(
                _scope_='mmseg', num_classes=11,
                type='CheckedLoadAnnotations'),
            dict(_scope_='mmseg', type='PackSegInputs'),
        ],
        type='CamVidDataset'),
    num_workers=1,
    persistent_workers=True,
    sampler=dict(_scope_='mmseg', shuffle=False, type='DefaultSampler'))
val_evaluator = dict(
    _scope_='mmseg', iou_metrics=[
        'mIoU',
    ], type='AtomicIoUMetric')
vis_backends = [
    dict(_scope_='mmseg', type='LocalVisBackend'),
]
visualizer = dict(
    _scope_='mmseg',
    name='visualizer',
    type='SegLocalVisualizer',
    vis_backends=[
        dict(type='LocalVisBackend'),
    ])
warmup_iters = 100
work_dir = 'work_dirs/part3/choiceunet-dense/seed0'
