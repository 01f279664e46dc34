"""tools/test.py --format-only --out: ADE20K's 1..150 PNGs, no labels read."""
import os

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.datasets import ADE20KDataset
from mmseg.registry import MODELS

from ..conftest import DEMO_CONFIG, run_tool


def test_ade20k_challenge_format(tmp_path):
    root = tmp_path / 'ade'
    (root / 'images' / 'validation').mkdir(parents=True)
    rng = np.random.default_rng(0)
    names = ['ADE_test_00000001', 'ADE_test_00000002']
    for name, (h, w) in zip(names, ((60, 80), (70, 50))):
        cv2.imwrite(str(root / 'images/validation' / f'{name}.jpg'),
                    rng.integers(0, 255, (h, w, 3), dtype=np.uint8))
    cfg_path = tmp_path / 'ade_cfg.py'
    cfg_path.write_text(f'''
_base_ = ['{DEMO_CONFIG}']
model = dict(decode_head=dict(num_classes=150))
test_dataloader = dict(batch_size=1, dataset=dict(
    _delete_=True, type='ADE20KDataset', data_root='{root}',
    data_prefix=dict(img_path='images/validation',
                     seg_map_path='annotations/validation'),
    pipeline=[dict(type='CheckedLoadImageFromFile'),
              dict(type='CheckedLoadAnnotations', reduce_zero_label=True),
              dict(type='PackSegInputs')]))
''')
    init_default_scope('mmseg')
    model = MODELS.build(Config.fromfile(str(cfg_path)).model)
    ckpt = tmp_path / 'ade.pth'
    torch.save({'state_dict': model.state_dict(),
                'meta': dict(dataset_meta=ADE20KDataset.METAINFO)}, ckpt)
    out = tmp_path / 'pred'
    res = run_tool(['tools/test.py', str(cfg_path), str(ckpt), '--work-dir',
                    str(tmp_path / 'w'), '--out', str(out),
                    '--format-only'])
    assert res.returncode == 0, res.stderr[-3000:]
    assert sorted(os.listdir(out)) == [f'{n}.png' for n in names]
    for name, shape in zip(names, ((60, 80), (70, 50))):
        png = cv2.imread(str(out / f'{name}.png'), cv2.IMREAD_UNCHANGED)
        assert png.shape == shape
        assert png.min() >= 1 and png.max() <= 150  # challenge ids 1..150


def test_cityscapes_format_only_is_refused_with_the_submission_tool(
        demo_checkpoint, tmp_path):
    """Train ids named *_leftImg8bit.png would be mis-scored silently by
    the Cityscapes server: --format-only points at the submission tool."""
    cfg = os.path.join(os.path.dirname(DEMO_CONFIG), '..', 'shelfnet',
                       'shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py')
    res = run_tool(['tools/test.py', cfg, str(demo_checkpoint), '--out',
                    str(tmp_path / 'out'), '--format-only'])
    assert res.returncode == 2
    line = [ln for ln in res.stderr.splitlines() if ln.startswith('error:')]
    assert len(line) == 1 and 'tools/submission/cityscapes.py' in line[0]
    assert not (tmp_path / 'out').exists()


def test_out_writes_every_png_whole_or_names_the_one_it_cannot(
        demo_root, demo_checkpoint, tmp_path):
    """tools/test.py --out: the PNGs are counted in the log; a PNG that
    cannot be written (its name is taken by a folder here, as a full disk
    or a file-size limit would refuse it) ends the test in one line naming
    it, with no 0-byte or temporary file left (mmseg's IoUMetric saved
    with PIL straight to the final name and named nothing)."""
    out = tmp_path / 'pred'
    args = ['tools/test.py', DEMO_CONFIG, str(demo_checkpoint),
            '--work-dir', str(tmp_path / 'w'), '--data-root', str(demo_root),
            '--out', str(out)]
    res = run_tool(args)
    assert res.returncode == 0, res.stderr[-2000:]
    pngs = sorted(os.listdir(out))
    assert len(pngs) == 16 and all(
        os.path.getsize(out / f) > 0 for f in pngs), pngs
    assert '16 prediction PNG(s) written to' in res.stdout + res.stderr
    label = cv2.imread(str(out / pngs[0]), cv2.IMREAD_UNCHANGED)
    assert label.dtype == np.uint8 and label.ndim == 2 and label.max() < 11

    for f in pngs:
        os.remove(out / f)
    (out / pngs[3]).mkdir()  # the fourth prediction cannot be written
    res = run_tool(args)
    assert res.returncode == 2, res.stderr[-2000:]
    line = [ln for ln in res.stderr.splitlines() if ln.startswith('error:')]
    assert len(line) == 1 and f'cannot write "{out / pngs[3]}"' in line[0], \
        res.stderr[-2000:]
    assert all(os.path.getsize(out / f) > 0 for f in os.listdir(out)
               if f != pngs[3])
    assert not [f for f in os.listdir(out) if f.endswith('.part')]
