"""tools/predict.py (label, colour, overlay for every image) and
tools/analysis_tools/plot_logs.py (curves from generated logs)."""
import json
import os

import cv2
import numpy as np

from mmseg_multipath.datasets import CAMVID_PALETTE
from ..conftest import DEMO_CONFIG, load_tool, run_tool


def test_predict_writes_label_colour_and_overlay(demo_root, demo_checkpoint,
                                                 tmp_path):
    out = tmp_path / 'pred'
    res = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint),
                    os.path.join(demo_root, 'img_dir', 'test'), '-o',
                    str(out)])
    assert res.returncode == 0, res.stderr[-3000:]
    names = sorted(os.listdir(os.path.join(demo_root, 'img_dir', 'test')))
    assert len(os.listdir(out)) == 3 * len(names) == 48
    stem = os.path.splitext(names[0])[0]
    label = cv2.imread(str(out / f'{stem}_label.png'), cv2.IMREAD_UNCHANGED)
    colour = cv2.imread(str(out / f'{stem}_color.png'))[..., ::-1]
    assert label.shape == (120, 160) and label.max() <= 10
    np.testing.assert_array_equal(colour, np.array(CAMVID_PALETTE,
                                                   np.uint8)[label])
    assert (out / f'{stem}_overlay.png').is_file()


def test_predict_keeps_inputs_of_the_same_name_apart(demo_root,
                                                     demo_checkpoint,
                                                     tmp_path):
    """Same file name in two folders, same stem with two extensions, and a
    file named twice: every input gets its own outputs (the tree is
    mirrored), nothing is overwritten."""
    src = os.path.join(demo_root, 'img_dir', 'test')
    first, second = sorted(os.listdir(src))[:2]
    inputs = tmp_path / 'inputs'
    for sub in ('a', 'b'):
        (inputs / sub).mkdir(parents=True)
    img1, img2 = cv2.imread(os.path.join(src, first)), cv2.imread(
        os.path.join(src, second))
    cv2.imwrite(str(inputs / 'a' / 'x.png'), img1)
    cv2.imwrite(str(inputs / 'b' / 'x.png'), img2)
    cv2.imwrite(str(inputs / 'a' / 'x.jpg'), img2)
    cv2.imwrite(str(inputs / 'a' / 'x_png.png'), img1)  # x.png's new name
    out = tmp_path / 'pred'
    res = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint),
                    str(inputs), str(inputs / 'a' / 'x.png'), '-o',
                    str(out)])
    assert res.returncode == 0, res.stderr[-3000:]
    written = sorted(os.path.relpath(os.path.join(r, f), out)
                     for r, _, fs in os.walk(out) for f in fs)
    assert written == sorted(f'{name}_{kind}.png' for name in (
        'a/x_png', 'a/x_jpg', 'a/x_png_2', 'b/x') for kind in (
            'label', 'color', 'overlay'))
    assert '4 image(s)' in res.stdout


def test_plot_logs_from_generated_log(tmp_path):
    for run, scale in (('a', 1.0), ('b', 2.0)):
        vis = tmp_path / run / '20260101_000000' / 'vis_data'
        vis.mkdir(parents=True)
        with open(vis / 'scalars.json', 'w') as f:
            for it in range(10, 101, 10):
                f.write(json.dumps(dict(loss=scale / it, lr=0.01 * (1 - it /
                                                                    100),
                                        iter=it, step=it)) + '\n')
                if it % 50 == 0:
                    f.write(json.dumps(dict(mIoU=it / 2, step=it)) + '\n')
    png = tmp_path / 'curves.png'
    res = run_tool(['tools/analysis_tools/plot_logs.py', str(tmp_path / 'a'),
                    str(tmp_path / 'b'), '-o', str(png)])
    assert res.returncode == 0, res.stderr[-2000:]
    assert png.stat().st_size > 20_000
    res = run_tool(['tools/analysis_tools/plot_logs.py', str(tmp_path / 'x')])
    assert res.returncode == 2 and 'scalars.json' in res.stderr
    # a run killed while writing its last record: plotted without it
    with open(vis / 'scalars.json', 'a') as f:
        f.write('{"loss": 0.5, "st')
    res = run_tool(['tools/analysis_tools/plot_logs.py', str(tmp_path / 'b'),
                    '-o', str(png)])
    assert res.returncode == 0, res.stderr[-2000:]
    assert 'line 13 is cut off' in res.stderr and 'scalars.json' in res.stderr


def test_plot_labels_name_runs_that_share_a_folder_name():
    labels = load_tool('analysis_tools/plot_logs.py').run_labels
    assert labels(['w/res/seed0', 'w/res/seed1', 'w/dense/seed0']) == [
        'res/seed0', 'res/seed1', 'dense/seed0']
    assert labels(['w/a', 'w/b/']) == ['a', 'b']
    assert labels(['x/run/s', 'y/run/s']) == ['x/run/s', 'y/run/s']
