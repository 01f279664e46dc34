"""Bad configs and bad data, as a user meets them: each ends in one line
naming the file or key (exit 2), before or during training."""
import os

import cv2
import numpy as np
import pytest

from ..conftest import DEMO_CONFIG
from ..faults import data_opts, one_error, short_run, tool_inproc


def test_16_bit_label_above_255_is_refused(demo_copy, tmp_path):
    from mmseg_multipath.datasets.checks import DataError
    from mmseg_multipath.datasets.transforms import CheckedLoadAnnotations
    ann = demo_copy / 'ann_dir' / 'train'
    name = sorted(os.listdir(ann))[0]
    lab = cv2.imread(str(ann / name), cv2.IMREAD_UNCHANGED).astype(np.uint16)
    lab[:3, :3] = 259  # would be read as 3 (Road) after the uint8 cast
    cv2.imwrite(str(ann / name), lab)
    t = CheckedLoadAnnotations(num_classes=11)
    results = dict(seg_map_path=str(ann / name), reduce_zero_label=False,
                   seg_fields=[], img_shape=lab.shape, ori_shape=lab.shape)
    with pytest.raises(DataError, match=r'holds values above 255 \(\[259\]'):
        t(results)
    lab[:3, :3] = 3  # 16-bit but in range: loads as before
    cv2.imwrite(str(ann / name), lab)
    assert int(t(results)['gt_seg_map'][0, 0]) == 3


def test_misspelled_data_prefix_key_is_named(demo_root, tmp_path, capsys):
    line = one_error(*tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
        'train_dataloader.dataset.data_prefix.img_pth=img_dir/train'] +
        data_opts(demo_root), capsys)[::2])
    assert "'img_pth'" in line and "'img_path', 'seg_map_path'" in line


# The cases that already ended in one clear line stay that way.


def test_missing_config(tmp_path, capsys):
    line = one_error(*tool_inproc('train.py', [tmp_path / 'nope.py'],
                                  capsys)[::2])
    assert 'nope.py' in line and 'does not exist' in line


def test_missing_data_root(tmp_path, capsys):
    line = one_error(*tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
        f'train_dataloader.dataset.data_root={tmp_path}/no_data'],
        capsys)[::2])
    assert 'no_data' in line and 'does not exist' in line


def test_empty_split(tmp_path, demo_copy, capsys):
    for f in os.listdir(demo_copy / 'img_dir' / 'train'):
        os.remove(demo_copy / 'img_dir' / 'train' / f)
    line = one_error(*tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options'] +
        data_opts(demo_copy), capsys)[::2])
    assert 'img_dir/train' in line and 'empty' in line


def test_unknown_model_type(tmp_path, capsys):
    line = one_error(*tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
        'model.backbone.type=ResNetNoSuch'], capsys)[::2])
    assert 'ResNetNoSuch' in line and 'registry' in line


def test_unknown_config_key(tmp_path, demo_root, capsys):
    line = one_error(*tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
        'model.backbone.dept=18'] + data_opts(demo_root), capsys)[::2])
    assert "'dept'" in line


def test_missing_checkpoint_and_resume_path(tmp_path, capsys):
    missing = tmp_path / 'none.pth'
    for tool, args in [('test.py', [DEMO_CONFIG, missing]),
                       ('train.py', [DEMO_CONFIG, '--work-dir',
                                     tmp_path / 'w', '--resume', missing])]:
        line = one_error(*tool_inproc(tool, args, capsys)[::2])
        assert 'none.pth' in line and 'does not exist' in line


def test_unwritable_work_dir(tmp_path, demo_root, capsys):
    blocker = tmp_path / 'a_file'
    blocker.write_text('')
    line = one_error(*tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', blocker / 'w', '--cfg-options'] +
        data_opts(demo_root), capsys)[::2])
    assert 'a_file' in line


@pytest.mark.parametrize('fault', ['value', 'size', 'channels', 'missing',
                                   'corrupt_image', 'corrupt_label'])
def test_bad_data_during_training_names_the_file(fault, tmp_path, demo_copy,
                                                 capsys):
    ann = demo_copy / 'ann_dir' / 'train'
    img = demo_copy / 'img_dir' / 'train'
    name = sorted(os.listdir(ann))[0]
    lab = cv2.imread(str(ann / name), cv2.IMREAD_UNCHANGED)
    if fault == 'value':
        for n in os.listdir(ann):
            lab = cv2.imread(str(ann / n), cv2.IMREAD_UNCHANGED)
            lab[:5, :5] = 77
            cv2.imwrite(str(ann / n), lab)
    elif fault == 'size':
        for n in os.listdir(ann):
            cv2.imwrite(str(ann / n), np.zeros((7, 9), np.uint8))
    elif fault == 'channels':
        for n in os.listdir(ann):
            cv2.imwrite(str(ann / n), np.zeros(lab.shape + (3, ), np.uint8))
    elif fault == 'missing':
        os.remove(ann / name)
    elif fault == 'corrupt_label':
        for n in os.listdir(ann):
            (ann / n).write_bytes(b'not a png')
    else:
        for n in os.listdir(img):
            (img / n).write_bytes(b'not an image')
    code, _, err = tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w'] + short_run(demo_copy),
        capsys)
    line = one_error(code, err)
    want = {'value': '[77]', 'size': 'ann_dir/train/',
            'channels': 'ann_dir/train/', 'missing': name,
            'corrupt_image': 'img_dir/train/',
            'corrupt_label': 'ann_dir/train/'}[fault]
    assert want in line, line


def test_tta_over_images_of_odd_sizes(demo_copy, demo_checkpoint, tmp_path,
                                      capsys):
    """--tta with the test loader's batch of 4 over val images of three
    sizes: the TTA model's segmentor gets the mixed-size preprocessor
    (MultipathRunner), so the batch runs instead of mmseg's "image size in
    a batch should be the same"."""
    img, ann = demo_copy / 'img_dir' / 'val', demo_copy / 'ann_dir' / 'val'
    for name, size in zip(sorted(os.listdir(img))[:2],
                          ((131, 97), (150, 113))):
        for folder, interp in ((img, cv2.INTER_LINEAR),
                               (ann, cv2.INTER_NEAREST)):
            im = cv2.imread(str(folder / name), cv2.IMREAD_UNCHANGED)
            cv2.imwrite(str(folder / name), cv2.resize(im, size,
                                                       interpolation=interp))
    code, out, err = tool_inproc('test.py', [
        DEMO_CONFIG, demo_checkpoint, '--tta', '--work-dir', tmp_path / 'w',
        '--data-root', demo_copy, '--cfg-options',
        'test_dataloader.batch_size=4'], capsys)
    assert code == 0, err[-3000:]
    assert 'mIoU' in out + err
