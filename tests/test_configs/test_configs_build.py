"""Every config under configs/ parses, and every model config builds."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from ..conftest import ROOT, load_config

ALL = sorted(glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                       recursive=True))
MODEL_CONFIGS = [c for c in ALL
                 if '_base_' not in c and '/classification/' not in c]
# mmpretrain (ImageNet / CIFAR) classification configs
CLS_CONFIGS = [c for c in ALL if '/classification/' in c]
DATASET_BASES = sorted(glob.glob(osp.join(ROOT, 'configs', '_base_',
                                          'datasets', '*.py')))


def _id(path):
    return osp.relpath(path, osp.join(ROOT, 'configs'))


def test_there_are_configs():
    assert MODEL_CONFIGS and DATASET_BASES


@pytest.mark.parametrize('path', ALL, ids=_id)
def test_config_parses(path):
    cfg = load_config(path)
    assert cfg.filename


@pytest.mark.parametrize('path', MODEL_CONFIGS, ids=_id)
def test_model_builds(path):
    cfg = load_config(path)
    assert 'mmseg_multipath' in cfg.custom_imports['imports']
    assert cfg.default_scope == 'mmseg'
    # what every OpenMMLab entry point runs is the config's (#36)
    assert cfg.get('runner_type') == 'MultipathRunner'
    hooks = [h['type'] for h in cfg.custom_hooks]
    for needed in ('IterSeedHook', 'NonFiniteGuardHook', 'AGCFusionHook',
                   'SkippedFilesHook', 'SteadyMallocHook', 'ResumeSkipHook'):
        assert needed in hooks, hooks
    init_default_scope('mmseg')
    model = MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0


@pytest.mark.parametrize('path', CLS_CONFIGS, ids=_id)
def test_classification_config_builds_in_mmpretrain(path):
    import torch
    from mmpretrain.registry import MODELS as PRETRAIN_MODELS
    cfg = load_config(path)
    assert 'mmseg_multipath' in cfg.custom_imports['imports']
    assert cfg.default_scope == 'mmpretrain'
    init_default_scope('mmpretrain')
    if cfg.model.backbone.type == 'WiderResNet':
        cfg.model.backbone.width_divisor = 16  # real widths: test_models
        cfg.model.head.in_channels = 4096 // 16
    model = PRETRAIN_MODELS.build(cfg.model)
    pipeline = cfg.train_dataloader.dataset.pipeline
    crops = [t.get('scale', t.get('crop_size')) for t in pipeline
             if t['type'] in ('RandomResizedCrop', 'RandomCrop')]
    size = min(crops[0], 64) if crops else 32  # small inputs will do
    data = dict(inputs=[torch.randint(0, 255, (3, size, size),
                                      dtype=torch.uint8)] * 2,
                data_samples=None)
    from mmpretrain.structures import DataSample
    data['data_samples'] = [DataSample().set_gt_label(i) for i in (1, 7)]
    optim = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    losses = model.train_step(data, _Wrapper(optim))
    assert torch.isfinite(losses['loss'])
    # the papers' starting learning rates
    assert cfg.optim_wrapper.optimizer.lr == (
        0.001 if 'choicenet' in path else 0.1)


class _Wrapper:
    """Minimal optim wrapper for ``train_step``."""

    def __init__(self, optim):
        from mmengine.optim import OptimWrapper
        self._w = OptimWrapper(optim)

    def __getattr__(self, name):
        return getattr(self._w, name)


def test_model_a_classifier_has_the_official_parameter_count():
    from mmpretrain.registry import MODELS as PRETRAIN_MODELS
    cfg = Config.fromfile(osp.join(
        ROOT, 'configs', 'wider_or_deeper', 'classification',
        'wider-resnet-a_4xb64-linear-450k_in1k-224.py'))
    init_default_scope('mmpretrain')
    model = PRETRAIN_MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) == 109_167_912
    assert model.head.fc.weight.shape == (1000, 4096)


@pytest.mark.parametrize('path', DATASET_BASES, ids=_id)
def test_dataset_bases_use_checked_loaders(path):
    """Training reads images with the checked loader; val/test pipelines
    start with mmcv's LoadImageFromFile, the name mmseg's MMSegInferencer
    and inference_model look for; labels are checked everywhere."""
    cfg = load_config(path)
    for key in ('train_dataloader', 'val_dataloader'):
        ds = cfg[key].dataset
        pipelines = [d.pipeline for d in ds.get('datasets', [ds])]
        for pipeline in pipelines:
            types = [t['type'] for t in pipeline]
            assert types[0] == ('CheckedLoadImageFromFile' if key.startswith(
                'train') else 'LoadImageFromFile'), path
            assert 'CheckedLoadAnnotations' in types, path


@pytest.mark.parametrize('path', DATASET_BASES, ids=_id)
def test_dataset_bases_report_class_level_iou(path):
    """mmseg's CityscapesMetric (needs instanceIds, crashes on numpy 2.4)
    is never what users see: every base evaluates IoUMetric, the Cityscapes
    bases its subclass that adds the 7 categories."""
    cfg = load_config(path)
    want = 'CityscapesIoUMetric' if 'cityscapes' in path else 'IoUMetric'
    for key in ('val_evaluator', 'test_evaluator'):
        assert cfg[key]['type'] == want, (path, key)


# mmseg's own FCN-R50 config with only norm_cfg changed: mmseg's pipelines
MMSEG_LEAVES = ['agc/fcn_r50-agc-d8_4xb2-80k_cityscapes-512x1024.py']


@pytest.mark.parametrize(
    'path', [c for c in MODEL_CONFIGS if _id(c) not in MMSEG_LEAVES], ids=_id)
def test_every_pipeline_checks_labels_against_the_model_classes(path):
    """Leaf configs edit their bases' pipelines (edit_pipeline) instead of
    restating them: every train, val, test and TTA pipeline still loads
    with the checked loaders, and the label check uses the class count of
    the model's head."""
    cfg = load_config(path)
    head = cfg.model.decode_head
    num_classes = (head[-1] if isinstance(head, list) else head).num_classes

    def loaders(pipeline):
        for t in pipeline:
            if t['type'] == 'TestTimeAug':
                for group in t['transforms']:
                    yield from loaders(group)
            elif 'Load' in t['type']:
                yield t

    pipelines = {'tta_pipeline': cfg.get('tta_pipeline', [])}
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        ds = cfg[key].dataset
        for i, part in enumerate(ds.get('datasets', [ds])):
            pipelines[f'{key}[{i}]'] = part.pipeline
    for key, pipeline in pipelines.items():
        found = list(loaders(pipeline))
        assert found, (path, key)
        for t in found:
            if t['type'].endswith('Annotations'):
                assert t['type'] == 'CheckedLoadAnnotations', (path, key)
                assert t['num_classes'] == num_classes, (path, key)
            else:
                want = ('LoadImageFromFile' if key.startswith(
                    ('val', 'test')) else 'CheckedLoadImageFromFile')
                assert t['type'] == want, (path, key, t['type'])
