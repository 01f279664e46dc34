"""edit_pipeline / checked_loaders: config-time edits of inherited pipelines,
checked against mmseg's own dataset bases."""
import glob
import os.path as osp

import numpy as np
import pytest
from mmcv.transforms import Resize
from mmengine.config import Config, ConfigDict

from mmseg_multipath.datasets.edit_pipeline import (checked_loaders,
                                                    edit_pipeline, scale_tta)
from ..conftest import ROOT, load_config

BASE = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='RandomResize', scale=(2048, 512), ratio_range=(0.5, 2.0),
         keep_ratio=True),
    dict(type='RandomCrop', crop_size=(512, 512), cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
TTA = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='TestTimeAug', transforms=[
        [dict(type='Resize', scale_factor=r, keep_ratio=True)
         for r in (0.5, 1.0)],
        [dict(type='LoadAnnotations')], [dict(type='PackSegInputs')]
    ])
]


def types(pipeline):
    return [t['type'] for t in pipeline]


def test_update_rename_remove_and_insert():
    out = edit_pipeline(
        BASE,
        RandomResize=dict(ratio_range=(0.7, 1.3)),
        LoadAnnotations=dict(type='CheckedLoadAnnotations', num_classes=150),
        RandomCrop=[dict(type='RandomRotate', prob=1.0, degree=10),
                    dict(cat_max_ratio=1.0)],
        PhotoMetricDistortion=None)
    assert types(out) == [
        'LoadImageFromFile', 'CheckedLoadAnnotations', 'RandomResize',
        'RandomRotate', 'RandomCrop', 'RandomFlip', 'PackSegInputs'
    ]
    # the other arguments stay
    assert out[1] == dict(type='CheckedLoadAnnotations',
                          reduce_zero_label=True, num_classes=150)
    assert out[2] == dict(type='RandomResize', scale=(2048, 512),
                          ratio_range=(0.7, 1.3), keep_ratio=True)
    assert out[4] == dict(type='RandomCrop', crop_size=(512, 512),
                          cat_max_ratio=1.0)
    # the input is untouched
    assert BASE[2]['ratio_range'] == (0.5, 2.0) and len(BASE) == 7


def test_test_time_aug_groups_are_edited_and_empty_ones_dropped():
    out = edit_pipeline(TTA, LoadAnnotations=None)
    groups = out[1]['transforms']
    assert [types(g) for g in groups] == [['Resize', 'Resize'],
                                          ['PackSegInputs']]
    assert len(TTA[1]['transforms']) == 3


def test_a_misspelt_type_is_an_error_unless_not_strict():
    with pytest.raises(KeyError, match=r"\['PhotometricDistortion'\].*"
                       r"RandomCrop"):
        edit_pipeline(BASE, PhotometricDistortion=None)
    assert edit_pipeline(BASE, strict=False, Pad=None) == BASE


def test_scale_tta_scales_the_tta_resizes_only():
    out = scale_tta(BASE + TTA, 0.5)
    assert out[:len(BASE)] == BASE
    assert [t['scale_factor'] for t in out[-1]['transforms'][0]] == [
        0.25, 0.5]
    assert TTA[1]['transforms'][0][0]['scale_factor'] == 0.5  # a copy
    with pytest.raises(KeyError, match='no Resize with a scale_factor'):
        scale_tta(BASE, 0.5)


# stored frame size (h, w) of the data sets whose bases set a test scale
STORED = {'camvid.py': (360, 480), 'camvid_180x240.py': (360, 480),
          'demo.py': (120, 160)}


@pytest.mark.parametrize('base', sorted(STORED))
def test_tta_scales_are_ratios_of_the_test_scale(base):
    """Multi-scale testing runs at mmseg's ratios (0.5-1.75) of the size the
    test pipeline gives, also where that is below the stored size (CamVid
    tested at 180x240): mmcv's Resize run on a frame of the stored size."""
    cfg = load_config(osp.join(ROOT, 'configs', '_base_', 'datasets', base))

    def shape(step):
        args = {k: v for k, v in step.items() if k not in ('type',
                                                           '_scope_')}
        img = np.zeros(STORED[base] + (3, ), np.uint8)
        return Resize(**args)(dict(img=img))['img'].shape[:2]

    test = shape(next(t for t in cfg.test_pipeline if t['type'] == 'Resize'))
    tta = next(t for t in cfg.tta_pipeline if t['type'] == 'TestTimeAug')
    ratios = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75)
    assert [shape(t) for t in tta['transforms'][0]] == [
        (int(test[0] * r + 0.5), int(test[1] * r + 0.5)) for r in ratios]


def test_config_dicts_come_back_as_plain_dicts():
    out = edit_pipeline([ConfigDict(t) for t in BASE], RandomFlip=dict(
        prob=1.0))
    assert all(type(t) is dict for t in out)
    assert out[4] == dict(type='RandomFlip', prob=1.0)


def test_checked_loaders_keeps_the_inference_loader_on_request():
    out = checked_loaders(TTA, 19)
    assert out[0] == dict(type='CheckedLoadImageFromFile', backend_args=None)
    assert out[1]['transforms'][1] == [
        dict(type='CheckedLoadAnnotations', num_classes=19)]
    test = checked_loaders(BASE[:2], 19, check_images=False)
    assert types(test) == ['LoadImageFromFile', 'CheckedLoadAnnotations']


# our dataset bases -> the mmseg base they stand on
MMSEG_BASES = {
    'ade20k.py': 'ade20k.py',
    'cityscapes_512x1024.py': 'cityscapes.py',
    'cityscapes_768x768.py': 'cityscapes_768x768.py',
    'cityscapes_1024x1024.py': 'cityscapes_1024x1024.py',
    'pascal_context.py': 'pascal_context.py',
    'pascal_context_59.py': 'pascal_context_59.py',
    'pascal_voc12_aug.py': 'pascal_voc12_aug.py',
}


def _unchecked(pipeline):
    """Our pipeline with mmseg's loader names and without their checks."""
    out = []
    for t in pipeline:
        t = {k: v for k, v in t.items()
             if k not in ('_scope_', 'num_classes', 'backend_args')}
        t['type'] = t['type'].replace('Checked', '')
        if t['type'] == 'TestTimeAug':
            t['transforms'] = [_unchecked(g) for g in t['transforms']]
        out.append(t)
    return out


@pytest.mark.parametrize('ours', sorted(MMSEG_BASES))
def test_dataset_bases_are_mmsegs_with_checked_loaders(ours):
    """Each base differs from mmseg's only in the loaders, and its dataloaders
    use its pipelines."""
    assert sorted(MMSEG_BASES) == sorted(
        osp.basename(p) for p in glob.glob(
            osp.join(ROOT, 'configs', '_base_', 'datasets', '*.py'))
        if not osp.basename(p).startswith(('camvid', 'demo')))
    cfg = load_config(osp.join(ROOT, 'configs', '_base_', 'datasets', ours))
    import mmseg
    ref = Config.fromfile(osp.join(osp.dirname(mmseg.__file__), '.mim',
                                   'configs', '_base_', 'datasets',
                                   MMSEG_BASES[ours]))
    for key in ('train_pipeline', 'test_pipeline', 'tta_pipeline'):
        if key not in ref:  # mmseg's PASCAL Context (60) has no TTA
            continue
        assert _unchecked(cfg[key]) == _unchecked(ref[key]), key
    for key, pipe in (('train_dataloader', 'train_pipeline'),
                      ('val_dataloader', 'test_pipeline'),
                      ('test_dataloader', 'test_pipeline')):
        ds, ref_ds = cfg[key].dataset, ref[key].dataset
        parts = ds.get('datasets', [ds])
        ref_parts = ref_ds.get('datasets', [ref_ds])
        assert len(parts) == len(ref_parts)
        for part, ref_part in zip(parts, ref_parts):
            assert part.pipeline == cfg[pipe], key
            skip = ('pipeline', '_scope_')
            assert ({k: v for k, v in part.items() if k not in skip} ==
                    {k: v for k, v in ref_part.items() if k not in skip})
    assert all(t.get('num_classes') == cfg.num_classes
               for t in cfg.train_pipeline if 'Annotations' in t['type'])
