"""Every config under configs/ parses, and every model config builds."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from ..conftest import ROOT

ALL = sorted(glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                       recursive=True))
MODEL_CONFIGS = [c for c in ALL if '_base_' not in c]
DATASET_BASES = sorted(glob.glob(osp.join(ROOT, 'configs', '_base_',
                                          'datasets', '*.py')))


def _id(path):
    return osp.relpath(path, osp.join(ROOT, 'configs'))


def test_there_are_configs():
    assert MODEL_CONFIGS and DATASET_BASES


@pytest.mark.parametrize('path', ALL, ids=_id)
def test_config_parses(path):
    cfg = Config.fromfile(path)
    assert cfg.filename


@pytest.mark.parametrize('path', MODEL_CONFIGS, ids=_id)
def test_model_builds(path):
    cfg = Config.fromfile(path)
    assert 'mmseg_multipath' in cfg.custom_imports['imports']
    assert cfg.default_scope == 'mmseg'
    init_default_scope('mmseg')
    model = MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0


@pytest.mark.parametrize('path', DATASET_BASES, ids=_id)
def test_dataset_bases_use_checked_loaders(path):
    cfg = Config.fromfile(path)
    for key in ('train_dataloader', 'val_dataloader'):
        ds = cfg[key].dataset
        pipelines = [d.pipeline for d in ds.get('datasets', [ds])]
        for pipeline in pipelines:
            types = [t['type'] for t in pipeline]
            assert types[0] == 'CheckedLoadImageFromFile', path
            assert 'CheckedLoadAnnotations' in types, path


@pytest.mark.parametrize('path', DATASET_BASES, ids=_id)
def test_dataset_bases_report_class_level_iou(path):
    """mmseg's CityscapesMetric (7 categories, needs instanceIds, crashes on
    numpy 2.4) is never what users see: every base evaluates IoUMetric."""
    cfg = Config.fromfile(path)
    for key in ('val_evaluator', 'test_evaluator'):
        assert cfg[key]['type'] == 'IoUMetric', (path, key)
