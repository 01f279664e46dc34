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


def test_skipped_orphan_files_in_every_split(tmp_path, demo_root):
    """Files the data set leaves out in silence are listed, in each split,
    and the run goes on to the next split."""
    import os
    root = tmp_path / 'data'
    shutil.copytree(demo_root, root, ignore=shutil.ignore_patterns('segnet'))
    train_img, val_img = root / 'img_dir' / 'train', root / 'img_dir' / 'val'
    os.symlink(tmp_path / 'gone.png', train_img / 'dangling.png')
    name = sorted(p.name for p in val_img.iterdir())[0]
    (val_img / name).rename(val_img / name.replace('.png', '.PNG'))
    # a pair named "...png": mmengine's listing skips hidden files
    hidden = sorted(p.name for p in (root / 'ann_dir' / 'train').iterdir())[0]
    for folder in ('img_dir', 'ann_dir'):
        (root / folder / 'train' / hidden).rename(
            root / folder / 'train' / '...png')
    res = run_tool(['tools/misc/check_dataset.py', DEMO_CONFIG, '--split',
                    'train', 'val', '--cfg-options'] +
                   [f'{s}_dataloader.dataset.data_root={root}'
                    for s in ('train', 'val')])
    assert res.returncode == 1, res.stderr[-2000:]
    out = res.stdout
    assert 'dangling.png' in out and 'dangling symbolic link' in out
    assert name.replace('.png', '.PNG') in out and 'differs in case' in out
    # the renamed image's label now has no image
    assert 'orphan' in out and f'ann_dir/val/{name}' in out
    # the hidden pair: its image named as skipped, its label no orphan
    assert 'img_dir/train/...png": name starts with "."' in out, out
    assert 'ann_dir/train/...png' not in out, out


def test_palette_labels_read_as_training_reads_them(tmp_path):
    """A VOC-style palette PNG: its indices are the labels (cv2 would read
    the colours)."""
    import numpy as np
    from mmseg.datasets.transforms import LoadAnnotations
    from PIL import Image

    from mmseg_multipath.datasets.checks import read_label_map
    label = np.random.default_rng(0).integers(0, 21, (12, 16)).astype(
        np.uint8)
    label[0, :4] = 255
    png = Image.fromarray(label, mode='P')
    png.putpalette([(i * 37) % 256 for i in range(768)])
    path = str(tmp_path / 'voc.png')
    png.save(path)
    assert cv2.imread(path, cv2.IMREAD_UNCHANGED).ndim == 3  # colours
    ref = LoadAnnotations()(dict(seg_map_path=path, reduce_zero_label=False,
                                 seg_fields=[]))['gt_seg_map']
    np.testing.assert_array_equal(read_label_map(path), ref)
    np.testing.assert_array_equal(ref, label)
