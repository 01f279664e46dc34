"""SkippedFilesHook: image files that mmseg's folder scan drops in silence
(a dangling link, a suffix of another case) are named for mmseg's own data
set classes too, through the dataset wrappers; every config names the hook
(configs/_base_/runtime_hooks.py)."""
import os
from types import SimpleNamespace

import cv2
import numpy as np
from mmengine.config import Config
from mmengine.dataset import ConcatDataset
from mmengine.logging import MMLogger
from mmseg.datasets import BaseSegDataset

from mmseg_multipath.engine import apply_safeguards
from mmseg_multipath.engine.hooks import SkippedFilesHook


def _folder(root, bad=True):
    img, ann = root / 'img', root / 'ann'
    img.mkdir(parents=True)
    ann.mkdir()
    for name in ('a', 'b', 'c'):
        cv2.imwrite(str(img / f'{name}.png'), np.zeros((4, 4, 3), np.uint8))
        cv2.imwrite(str(ann / f'{name}.png'), np.zeros((4, 4), np.uint8))
    if bad:
        (img / 'c.png').rename(img / 'c.PNG')
        os.symlink(root / 'gone.png', img / 'd.png')
    return BaseSegDataset(data_root=str(root),
                          data_prefix=dict(img_path='img',
                                           seg_map_path='ann'),
                          img_suffix='.png', seg_map_suffix='.png',
                          pipeline=[])


def _loop(dataset):
    return SimpleNamespace(dataloader=SimpleNamespace(dataset=dataset))


def test_mmseg_dataset_skipped_files_are_named(tmp_path):
    train = _folder(tmp_path / 'train')
    assert len(train) == 2  # mmseg kept a.png and b.png only
    clean, val = _folder(tmp_path / 'clean', bad=False), _folder(
        tmp_path / 'val')
    log = tmp_path / 'log.txt'
    MMLogger.get_instance('skipped-files-test', log_file=str(log))
    runner = SimpleNamespace(train_loop=_loop(ConcatDataset([clean, train])),
                             val_loop=_loop(val), test_loop=None)
    SkippedFilesHook().before_train(runner)
    lines = [ln for ln in log.read_text().splitlines() if 'skipped' in ln]
    assert len(lines) == 2, lines  # the bad part of the concatenation, val
    for line, split in zip(lines, ('train', 'val')):
        assert 'BaseSegDataset: skipped 2 file(s)' in line
        assert f'{split}/img/c.PNG' in line and f'{split}/img/d.png' in line
        assert 'dangling symbolic link' in line and 'case' in line
    SkippedFilesHook().before_test(runner)  # no test loop: nothing
    assert len([ln for ln in log.read_text().splitlines()
                if 'skipped' in ln]) == 2
    # before testing: the test split, not the val split
    test = _folder(tmp_path / 'test')
    runner.test_loop = _loop(test)
    SkippedFilesHook().before_test(runner)
    lines = [ln for ln in log.read_text().splitlines() if 'skipped' in ln]
    assert len(lines) == 3 and 'test/img/c.PNG' in lines[-1], lines


def test_the_runner_puts_the_safeguards_in_once():
    cfg = Config(dict(
        model=dict(data_preprocessor=dict(type='SegDataPreProcessor')),
        default_hooks=dict(checkpoint=dict(type='CheckpointHook',
                                           interval=2)),
        custom_hooks=[dict(type='IterSeedHook')],
        val_dataloader=dict(num_workers=0, persistent_workers=True)))
    apply_safeguards(cfg)
    apply_safeguards(cfg)
    assert cfg.model.data_preprocessor.type == 'MixedSizeSegDataPreProcessor'
    assert cfg.default_hooks.checkpoint.type == 'AtomicCheckpointHook'
    assert cfg.val_dataloader.persistent_workers is False
    # hooks are the config's: the runner adds none
    assert [h['type'] for h in cfg.custom_hooks] == ['IterSeedHook']
    # a TTA model wrapping the segmentor, whichever order a tool used
    # and the top-level one, which mmengine's Runner gives a TTA model
    # (which hands it to its segmentor)
    tta = Config(dict(model=dict(type='SegTTAModel', module=dict(
        data_preprocessor=dict(type='SegDataPreProcessor'))),
        data_preprocessor=dict(type='SegDataPreProcessor')))
    apply_safeguards(tta)
    assert tta.model.module.data_preprocessor.type == \
        'MixedSizeSegDataPreProcessor'
    assert tta.data_preprocessor.type == 'MixedSizeSegDataPreProcessor'
