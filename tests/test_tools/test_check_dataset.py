import shutil

import cv2

from ..conftest import DEMO_CONFIG, run_tool


def test_clean_data_passes_with_histogram(demo_root):
    res = run_tool(['tools/misc/check_dataset.py', DEMO_CONFIG, '--split',
                    'val', '--cfg-options',
                    f'val_dataloader.dataset.data_root={demo_root}'])
    assert res.returncode == 0, res.stderr[-2000:]
    assert 'Road' in res.stdout and 'no problems found' in res.stdout


def test_problems_are_reported(tmp_path, demo_root):
    root = tmp_path / 'data'
    shutil.copytree(demo_root, root, ignore=shutil.ignore_patterns('segnet'))
    val_img = root / 'img_dir' / 'val'
    val_ann = root / 'ann_dir' / 'val'
    names = sorted(p.name for p in val_img.iterdir())
    (val_img / names[0]).write_bytes(b'garbage')
    lab = cv2.imread(str(val_ann / names[1]), cv2.IMREAD_UNCHANGED)
    lab[0, 0] = 99
    cv2.imwrite(str(val_ann / names[1]), lab)
    cv2.imwrite(str(val_ann / names[2]), lab[:50])
    res = run_tool(['tools/misc/check_dataset.py', DEMO_CONFIG, '--split',
                    'val', '--cfg-options',
                    f'val_dataloader.dataset.data_root={root}'])
    assert res.returncode == 1
    out = res.stdout
    assert 'unreadable' in out and names[0] in out
    assert 'value 99' in out and names[1] in out
    assert 'size problem' in out and names[2] in out
