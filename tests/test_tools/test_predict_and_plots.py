"""tools/predict.py (label, colour, overlay for every image) and
tools/analysis_tools/plot_logs.py (curves from generated logs)."""
import json
import os

import cv2
import numpy as np
from mmengine.runner import Runner

from mmseg_multipath.datasets import CAMVID_PALETTE

from ..conftest import DEMO_CONFIG, demo_cfg, run_tool


def test_predict_writes_label_colour_and_overlay(demo_root, tmp_path):
    runner = Runner.from_cfg(demo_cfg(demo_root, tmp_path / 'w',
                                      max_iters=1))
    runner.train()
    out = tmp_path / 'pred'
    res = run_tool(['tools/predict.py', DEMO_CONFIG,
                    str(tmp_path / 'w' / 'iter_1.pth'),
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
