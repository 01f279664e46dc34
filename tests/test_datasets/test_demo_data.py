import hashlib
import os
import os.path as osp

import cv2
import numpy as np

from mmseg_multipath.datasets import CAMVID_CLASSES, render_scene
from mmseg_multipath.datasets.demo_data import generate_demo_dataset


def _digest(folder):
    h = hashlib.sha256()
    for name in sorted(os.listdir(folder)):
        with open(osp.join(folder, name), 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def test_render_scene_shapes_and_label_range():
    img, lab = render_scene(np.random.default_rng(3), 90, 120)
    assert img.shape == (90, 120, 3) and img.dtype == np.uint8
    assert lab.shape == (90, 120) and lab.dtype == np.uint8
    assert lab.max() <= 11  # 0..10 classes, 11 void (SegNet layout)


def test_generator_is_deterministic_and_seed_dependent(tmp_path):
    splits = (('train', 3), ('val', 2))
    generate_demo_dataset(str(tmp_path / 'a'), splits, seed=1)
    generate_demo_dataset(str(tmp_path / 'b'), splits, seed=1)
    generate_demo_dataset(str(tmp_path / 'c'), splits, seed=2)
    for sub in ('train', 'trainannot', 'val', 'valannot'):
        assert _digest(tmp_path / 'a' / sub) == _digest(tmp_path / 'b' / sub)
    assert _digest(tmp_path / 'a' / 'train') != _digest(tmp_path / 'c' /
                                                        'train')
    lines = (tmp_path / 'a' / 'train.txt').read_text().splitlines()
    assert len(lines) == 3 and lines[0].endswith('.png')


def test_demo_data_covers_every_class_and_is_not_trivial(demo_root):
    ann = osp.join(demo_root, 'ann_dir', 'train')
    labs = np.stack([cv2.imread(osp.join(ann, f), cv2.IMREAD_UNCHANGED)
                     for f in sorted(os.listdir(ann))])
    present = set(np.unique(labs).tolist())
    assert present <= set(range(len(CAMVID_CLASSES))) | {255}
    assert set(range(len(CAMVID_CLASSES))) <= present
    # no class dominates: the most frequent takes less than a third
    counts = np.bincount(labs[labs < 255].ravel(), minlength=11)
    assert counts.max() / counts.sum() < 0.34
    # colour alone does not give the class: several classes share greys
    img_dir = osp.join(demo_root, 'img_dir', 'train')
    img = cv2.imread(osp.join(img_dir, sorted(os.listdir(img_dir))[0]))
    assert img.std() > 20


def test_demo_data_refuses_a_folder_of_other_files(tmp_path):
    import pytest

    from mmseg_multipath.datasets.demo_data import prepare_demo_data
    (tmp_path / 'mine.txt').write_text('keep me')
    with pytest.raises(FileExistsError, match='mine.txt'):
        prepare_demo_data(str(tmp_path), splits=(('train', 1), ))
    assert (tmp_path / 'mine.txt').read_text() == 'keep me'


def test_demo_data_regenerates_its_own_folder_without_stale_files(tmp_path):
    from mmseg_multipath.datasets.demo_data import prepare_demo_data
    prepare_demo_data(str(tmp_path), splits=(('train', 3), ))
    (tmp_path / 'notes.txt').write_text('mine')
    prepare_demo_data(str(tmp_path), splits=(('train', 2), ))
    assert len(list((tmp_path / 'img_dir' / 'train').iterdir())) == 2
    assert (tmp_path / 'notes.txt').read_text() == 'mine'
