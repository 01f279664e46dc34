"""Bad input ends with one clear line naming the file or key."""
import os

from ..conftest import DEMO_CONFIG, run_tool


def _err(res):
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith('error:')]
    assert res.returncode == 2, res.stderr[-2000:]
    assert len(lines) == 1, res.stderr[-2000:]
    return lines[0]


def test_missing_config(tmp_path):
    line = _err(run_tool(['tools/train.py', str(tmp_path / 'nope.py')]))
    assert 'nope.py' in line and 'does not exist' in line


def test_missing_data_root(tmp_path):
    line = _err(run_tool([
        'tools/train.py', DEMO_CONFIG, '--work-dir', str(tmp_path / 'w'),
        '--cfg-options',
        f'train_dataloader.dataset.data_root={tmp_path}/no_data'
    ]))
    assert 'no_data' in line and 'does not exist' in line


def test_unknown_model_type(tmp_path):
    line = _err(run_tool([
        'tools/train.py', DEMO_CONFIG, '--work-dir', str(tmp_path / 'w'),
        '--cfg-options', 'model.backbone.type=ResNetNoSuch'
    ]))
    assert 'ResNetNoSuch' in line and 'registry' in line


def test_unknown_config_key(tmp_path, demo_root):
    line = _err(run_tool([
        'tools/train.py', DEMO_CONFIG, '--work-dir', str(tmp_path / 'w'),
        '--cfg-options', 'model.backbone.dept=18',
        f'train_dataloader.dataset.data_root={demo_root}'
    ]))
    assert "'dept'" in line


def test_bad_label_during_training_names_the_file(tmp_path, demo_root):
    import shutil

    import cv2
    root = tmp_path / 'data'
    shutil.copytree(demo_root, root, ignore=shutil.ignore_patterns('segnet'))
    ann = root / 'ann_dir' / 'train'
    for name in os.listdir(ann):
        lab = cv2.imread(str(ann / name), cv2.IMREAD_UNCHANGED)
        lab[:5, :5] = 77
        cv2.imwrite(str(ann / name), lab)
    work = tmp_path / 'w'
    line = _err(run_tool([
        'tools/train.py', DEMO_CONFIG, '--work-dir', str(work),
        '--cfg-options', 'train_dataloader.num_workers=0',
        f'train_dataloader.dataset.data_root={root}',
        f'val_dataloader.dataset.data_root={root}'
    ]))
    assert 'ann_dir/train/' in line and '[77]' in line
