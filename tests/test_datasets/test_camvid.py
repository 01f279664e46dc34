import json
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmseg_multipath.datasets as mp_datasets
from mmseg_multipath.datasets import CAMVID_CLASSES, CAMVID_PALETTE, DataError
from mmseg_multipath.datasets.camvid_convert import (convert_camvid,
                                                     detect_layout)
from mmseg_multipath.datasets.camvid_meta import CAMVID32_TO_11
from mmseg_multipath.datasets.demo_data import generate_demo_dataset
from ..conftest import ROOT

init_default_scope('mmseg')


def _camvid_dataset_cfg(data_root, split='train'):
    cfg = Config.fromfile(osp.join(ROOT, 'configs/_base_/datasets/camvid.py'))
    ds = cfg[f'{split}_dataloader'].dataset
    ds.data_root = data_root
    return ds


def test_segnet_layout_conversion(tmp_path):
    src = tmp_path / 'segnet'
    generate_demo_dataset(str(src), (('train', 4), ('val', 2), ('test', 3)),
                          seed=5)
    assert detect_layout(str(src)) == 'segnet'
    counts = convert_camvid(str(src), str(tmp_path / 'out'), progress=False)
    assert counts == {'train': 4, 'val': 2, 'test': 3}
    for split, n in counts.items():
        labs = os.listdir(tmp_path / 'out' / 'ann_dir' / split)
        assert len(labs) == n
        for name in labs:
            src_lab = cv2.imread(str(src / (split + 'annot') / name), 0)
            lab = cv2.imread(str(tmp_path / 'out/ann_dir' / split / name),
                             cv2.IMREAD_UNCHANGED)
            assert lab.ndim == 2
            np.testing.assert_array_equal(lab == 255, src_lab == 11)
            np.testing.assert_array_equal(lab[src_lab < 11],
                                          src_lab[src_lab < 11])


def test_conversion_over_an_earlier_one_replaces_it_whole(tmp_path):
    """Frames of an earlier conversion never stay (a frame that moved to
    test would stay in train: a leak), the counts are what is on disk, and
    a folder that is no earlier conversion is refused."""
    out = tmp_path / 'out'
    first, second = tmp_path / 'first', tmp_path / 'second'
    generate_demo_dataset(str(first), (('train', 4), ('val', 2), ('test', 3)),
                          seed=5)
    generate_demo_dataset(str(second), (('train', 2), ('val', 1),
                                        ('test', 2)), seed=6)
    convert_camvid(str(first), str(out), progress=False)
    counts = convert_camvid(str(second), str(out), progress=False)
    assert counts == {'train': 2, 'val': 1, 'test': 2}
    on_disk = {sp: sorted(os.listdir(out / 'img_dir' / sp))
               for sp in counts}
    assert {sp: len(v) for sp, v in on_disk.items()} == counts
    assert on_disk['train'] == sorted(os.listdir(second / 'train'))
    other = tmp_path / 'photos'
    other.mkdir()
    (other / 'holiday.jpg').write_bytes(b'x')
    with pytest.raises(DataError, match=r'photos" is not empty and not an '
                       r"earlier conversion \(it holds \['holiday.jpg'\]"):
        convert_camvid(str(second), str(other), progress=False)
    assert os.listdir(other) == ['holiday.jpg']


# The original release's label_colors.txt (Brostow et al.), typed in from
# the data set's documentation, independently of camvid_meta.py, and the
# SegNet benchmark's grouping of its names into 11 classes.
LABEL_COLORS_TXT = """
64 128 64 Animal
192 0 128 Archway
0 128 192 Bicyclist
0 128 64 Bridge
128 0 0 Building
64 0 128 Car
64 0 192 CartLuggagePram
192 128 64 Child
192 192 128 Column_Pole
64 64 128 Fence
128 0 192 LaneMkgsDriv
192 0 64 LaneMkgsNonDriv
128 128 64 Misc_Text
192 0 192 MotorcycleScooter
128 64 64 OtherMoving
64 192 128 ParkingBlock
64 64 0 Pedestrian
128 64 128 Road
128 128 192 RoadShoulder
0 0 192 Sidewalk
192 128 128 SignSymbol
128 128 128 Sky
64 128 192 SUVPickupTruck
0 0 64 TrafficCone
0 64 64 TrafficLight
192 64 128 Train
128 128 0 Tree
192 128 192 Truck_Bus
64 0 64 Tunnel
192 192 0 VegetationMisc
0 0 0 Void
64 192 0 Wall
"""
SEGNET_GROUPS = {
    'Sky': ['Sky'],
    'Building': ['Building', 'Wall', 'Tunnel', 'Archway', 'Bridge'],
    'Pole': ['Column_Pole', 'TrafficCone'],
    'Road': ['Road', 'LaneMkgsDriv', 'LaneMkgsNonDriv'],
    'Pavement': ['Sidewalk', 'ParkingBlock', 'RoadShoulder'],
    'Tree': ['Tree', 'VegetationMisc'],
    'SignSymbol': ['SignSymbol', 'Misc_Text', 'TrafficLight'],
    'Fence': ['Fence'],
    'Car': ['Car', 'SUVPickupTruck', 'Truck_Bus', 'Train', 'OtherMoving'],
    'Pedestrian': ['Pedestrian', 'Child', 'CartLuggagePram', 'Animal'],
    'Bicyclist': ['Bicyclist', 'MotorcycleScooter'],
}
SEGNET_ORDER = ['Sky', 'Building', 'Pole', 'Road', 'Pavement', 'Tree',
                'SignSymbol', 'Fence', 'Car', 'Pedestrian', 'Bicyclist']


def _reference_colour_map():
    """colour -> SegNet index (11 = void) from the tables above."""
    by_name = {line.split()[3]: tuple(int(v) for v in line.split()[:3])
               for line in LABEL_COLORS_TXT.strip().splitlines()}
    ref = {colour: 11 for colour in by_name.values()}
    for index, cls in enumerate(SEGNET_ORDER):
        for name in SEGNET_GROUPS[cls]:
            ref[by_name[name]] = index
    return ref, by_name


def test_class_colours_match_the_release_tables():
    ref, by_name = _reference_colour_map()
    assert len(by_name) == 32
    assert CAMVID32_TO_11 == ref
    assert list(CAMVID_CLASSES) == SEGNET_ORDER
    # the palette: the release colour of each class's first name, except
    # Pavement, drawn in SegNet's own colour
    want = [by_name[SEGNET_GROUPS[c][0]] for c in SEGNET_ORDER]
    want[SEGNET_ORDER.index('Pavement')] = (60, 40, 222)
    assert [tuple(c) for c in CAMVID_PALETTE] == want


def _write_original_layout(root, names, rng):
    """A tiny original-release layout: 32-class colour labels; the expected
    labels come from the reference tables, not from camvid_meta.py."""
    ref, _ = _reference_colour_map()
    colours = list(ref)
    os.makedirs(root / '701_StillsRaw_full')
    os.makedirs(root / 'LabeledApproved_full')
    expected = {}
    for name in names:
        idx = rng.integers(0, len(colours), (72, 96))
        rgb = np.array(colours, np.uint8)[idx]
        cv2.imwrite(str(root / 'LabeledApproved_full' / f'{name}_L.png'),
                    rgb[..., ::-1])
        cv2.imwrite(str(root / '701_StillsRaw_full' / f'{name}.png'),
                    rng.integers(0, 255, (72, 96, 3), dtype=np.uint8))
        expected[name] = np.array([ref[c] for c in colours],
                                  np.uint8)[idx]
    return expected


def test_original_layout_conversion_groups_32_classes(tmp_path):
    with open(osp.join(osp.dirname(mp_datasets.__file__),
                       'camvid_segnet_split.json')) as f:
        split = json.load(f)
    assert {k: len(v) for k, v in split.items()} == {
        'train': 367, 'val': 101, 'test': 233}
    names = split['train'][:2] + split['val'][:1] + split['test'][:1]
    src = tmp_path / 'orig'
    expected = _write_original_layout(src, names, np.random.default_rng(0))
    assert detect_layout(str(src)) == 'original'
    counts = convert_camvid(str(src), str(tmp_path / 'out'), size=None,
                            progress=False)
    assert counts == {'train': 2, 'val': 1, 'test': 1}
    lab = cv2.imread(str(tmp_path / 'out/ann_dir/train' / f'{names[0]}.png'),
                     cv2.IMREAD_UNCHANGED)
    want = expected[names[0]].copy()
    want[want == 11] = 255
    np.testing.assert_array_equal(lab, want)
    # resized like SegNet (half size) when asked
    convert_camvid(str(src), str(tmp_path / 'half'), size=(48, 36),
                   progress=False)
    lab = cv2.imread(str(tmp_path / 'half/ann_dir/val' / f'{names[2]}.png'),
                     cv2.IMREAD_UNCHANGED)
    assert lab.shape == (36, 48)
    assert set(np.unique(lab)) <= set(range(11)) | {255}


def test_original_layout_unknown_colour_is_named(tmp_path):
    src = tmp_path / 'orig'
    name = 'Seq05VD_f00000'
    _write_original_layout(src, [name], np.random.default_rng(1))
    bad = np.full((72, 96, 3), (1, 2, 3), np.uint8)
    cv2.imwrite(str(src / 'LabeledApproved_full' / f'{name}_L.png'), bad)
    with pytest.raises(DataError, match=rf'{name}_L\.png.*\(3,2,1\)'):
        convert_camvid(str(src), str(tmp_path / 'out'), progress=False)


def test_camvid_dataset_reads_converted_data(demo_root):
    ds = DATASETS.build(_camvid_dataset_cfg(demo_root, 'val'))
    assert len(ds) == 16
    assert ds.metainfo['classes'] == CAMVID_CLASSES
    assert [list(p) for p in ds.metainfo['palette']] == CAMVID_PALETTE
    sample = ds[0]
    seg = sample['data_samples'].gt_sem_seg.data
    # mmseg's test pipeline keeps the label at the original size (120x160)
    # and resizes the image to CamVid's test scale (360x480)
    assert tuple(seg.shape[-2:]) == (120, 160)
    assert tuple(sample['inputs'].shape[-2:]) == (360, 480)
    assert set(seg.unique().tolist()) <= set(range(11)) | {255}


def test_missing_data_root_names_it(tmp_path):
    with pytest.raises(DataError, match='data_root ".*nowhere" does not'):
        DATASETS.build(_camvid_dataset_cfg(str(tmp_path / 'nowhere')))


def test_empty_split_is_refused(tmp_path):
    for d in ('img_dir/train', 'ann_dir/train'):
        os.makedirs(tmp_path / d)
    with pytest.raises(DataError, match='split is empty'):
        DATASETS.build(_camvid_dataset_cfg(str(tmp_path)))


def _one_sample_root(tmp_path, demo_root):
    root = tmp_path / 'one'
    for d in ('img_dir', 'ann_dir'):
        os.makedirs(root / d / 'train')
    name = sorted(os.listdir(osp.join(demo_root, 'img_dir', 'val')))[0]
    img = cv2.imread(osp.join(demo_root, 'img_dir', 'val', name))
    lab = cv2.imread(osp.join(demo_root, 'ann_dir', 'val', name), 0)
    return root, name, img, lab


@pytest.mark.parametrize('fault,message', [
    ('values', r'has values \[42\] that are neither a class \(0..10\)'),
    ('size', r'is 60x80 but its image .* is 120x160'),
    ('corrupt', r'image ".*" cannot be decoded'),
    ('missing_label', r'label map ".*" does not exist'),
])
def test_bad_samples_fail_with_the_file_name(tmp_path, demo_root, fault,
                                             message):
    root, name, img, lab = _one_sample_root(tmp_path, demo_root)
    img_path = root / 'img_dir/train' / name
    lab_path = root / 'ann_dir/train' / name
    cv2.imwrite(str(img_path), img)
    if fault == 'values':
        lab[0, 0] = 42
    if fault == 'size':
        lab = cv2.resize(lab, (80, 60), interpolation=cv2.INTER_NEAREST)
    if fault != 'missing_label':
        cv2.imwrite(str(lab_path), lab)
    if fault == 'corrupt':
        img_path.write_bytes(b'\x89PNG\r\n\x1a\n not really a png')
    with pytest.raises(DataError, match=message) as err:
        ds = DATASETS.build(_camvid_dataset_cfg(str(root)))
        ds[0]
    assert name in str(err.value)


def test_empty_val_image_is_named_when_the_split_is_built(tmp_path,
                                                          demo_root):
    """Val/test keep mmcv's LoadImageFromFile (mmseg's inferencers look for
    it by name): a 0-byte image is caught when the split is listed."""
    import shutil

    import pytest
    from mmseg.registry import DATASETS

    from mmseg_multipath.datasets.checks import DataError
    root = tmp_path / 'data'
    shutil.copytree(demo_root, root, ignore=shutil.ignore_patterns('segnet'))
    name = sorted((root / 'img_dir' / 'val').iterdir())[0]
    name.write_bytes(b'')
    with pytest.raises(DataError, match=f'"{name}" is empty'):
        DATASETS.build(dict(type='CamVidDataset', data_root=str(root),
                            data_prefix=dict(img_path='img_dir/val',
                                             seg_map_path='ann_dir/val'),
                            pipeline=[]))
