"""Every method's demo config trains and evaluates on the demo data (a few
CPU iterations each), and the classification configs train in mmpretrain
on generated stand-in data."""
import glob
import os.path as osp

import numpy as np
import pytest

from ..conftest import ROOT, assert_predictions_depend_on_the_image, demo_cfg

DEMOS = sorted(c for c in glob.glob(osp.join(ROOT, 'configs', '*', '*.py'))
               if 'demo' in osp.basename(c) and '/demo/' not in c)


@pytest.mark.parametrize('config', DEMOS, ids=lambda c: osp.relpath(c, ROOT))
def test_demo_config_trains_and_validates(config, demo_root, tmp_path):
    from mmseg_multipath.engine import build_runner
    cfg = demo_cfg(demo_root, tmp_path, max_iters=2, config=config)
    cfg.train_dataloader.batch_size = 2
    runner = build_runner(cfg)
    runner.train()
    metrics = runner.val_loop.run()
    assert 0 < metrics['mIoU'] <= 100
    assert osp.isfile(osp.join(tmp_path, 'iter_2.pth'))
    assert_predictions_depend_on_the_image(runner)


def _stand_in(root, classes=10, per_class=2, size=32):
    """A CustomDataset folder of random images: root/<class>/<i>.png."""
    import cv2
    rng = np.random.default_rng(0)
    for c in range(classes):
        d = osp.join(root, f'{c:03d}')
        import os
        os.makedirs(d, exist_ok=True)
        for i in range(per_class):
            cv2.imwrite(osp.join(d, f'{i}.png'),
                        rng.integers(0, 255, (size, size, 3), np.uint8))


@pytest.mark.parametrize('config', [
    'seqconv/classification/seqresnet-b-k16r7n1_1xb64-300e_cifar10.py',
    'choicenet/classification/choicenet-40_1xb128-500e_svhn.py',
    'wider_or_deeper/classification/'
    'wider-resnet-f_4xb64-linear-450k_in1k-56.py',
])
def test_classification_config_trains_on_stand_in_data(config, tmp_path):
    """CIFAR, SVHN and ImageNet cannot be downloaded here: the config's
    model, optimiser, schedule and pipeline run on a generated folder."""
    from mmengine.config import Config

    from mmseg_multipath.engine import build_runner
    cfg = Config.fromfile(osp.join(ROOT, 'configs', config))
    data = str(tmp_path / 'data')
    _stand_in(data)
    pipeline = [t for t in cfg.train_dataloader.dataset.pipeline
                if t['type'] != 'LoadImageFromFile']
    pipeline = [dict(type='LoadImageFromFile')] + pipeline
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg[key]
        loader.dataset = dict(type='CustomDataset', data_root=data,
                              pipeline=pipeline if key.startswith('train')
                              else [dict(type='LoadImageFromFile'),
                                    dict(type='Resize', scale=32),
                                    dict(type='PackInputs')])
        loader.batch_size = 4
        loader.num_workers = 0
        loader.persistent_workers = False
    backbone = cfg.model.backbone
    if backbone.type == 'ChoiceNet':
        backbone.depth, backbone.growth = None, 2
        cfg.model.head.in_channels = 20
    elif backbone.type == 'WiderResNet':
        backbone.width_divisor = 16
        cfg.model.head.in_channels = 4096 // 16
    cfg.model.data_preprocessor = dict(num_classes=10, to_rgb=True)
    cfg.model.head.num_classes = 10
    cfg.model.head.pop('topk', None)
    cfg.val_evaluator = cfg.test_evaluator = dict(type='Accuracy', topk=(1, ))
    cfg.work_dir = str(tmp_path / 'work')
    if cfg.train_cfg.get('by_epoch', True):
        cfg.train_cfg = dict(by_epoch=True, max_epochs=1, val_interval=1)
    else:
        cfg.train_cfg = dict(by_epoch=False, max_iters=2, val_interval=2)
        cfg.param_scheduler.end = 2
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook', interval=1)
    runner = build_runner(cfg)
    runner.train()
    assert 0 <= runner.val_loop.run()['accuracy/top1'] <= 100
