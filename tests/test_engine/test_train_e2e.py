"""One short train -> val -> test run through mmengine's Runner and tools."""
import os
import os.path as osp

from mmseg_multipath.engine import build_runner
from ..conftest import (DEMO_CONFIG, assert_predictions_depend_on_the_image,
                        data_opts, demo_cfg, run_tool)


def test_runner_train_val_test_and_test_tool(demo_root, tmp_path):
    cfg = demo_cfg(demo_root, tmp_path / 'work', max_iters=4)
    cfg.custom_hooks = list(cfg.custom_hooks) + [
        dict(type='SegOverlayHook', out_dir='overlays')]
    runner = build_runner(cfg)
    runner.train()
    ckpt = tmp_path / 'work' / 'iter_4.pth'
    assert ckpt.is_file()
    metrics = runner.test()
    assert 0.0 < metrics['mIoU'] <= 100.0
    assert_predictions_depend_on_the_image(runner)
    overlays = sorted(os.listdir(tmp_path / 'work' / 'overlays'))
    assert len([f for f in overlays if f.endswith('_overlay.png')]) == 16

    # the test tool loads the mmengine checkpoint safely (torch >= 2.6) and
    # --show-dir saves an overlay of every image (mmseg: every 50th)
    show = tmp_path / 'show'
    res = run_tool([
        'tools/test.py', DEMO_CONFIG, str(ckpt), '--work-dir',
        str(tmp_path / 'test_work'), '--show-dir', str(show), '--show-gt',
        '--cfg-options', f'test_dataloader.dataset.data_root={demo_root}'
    ])
    assert res.returncode == 0, res.stderr[-3000:]
    assert 'mIoU' in res.stdout + res.stderr
    assert 'Pole' in res.stdout + res.stderr  # the per-class table
    assert len([f for f in os.listdir(show) if f.endswith('_overlay.png')
                ]) == 16
    assert osp.isfile(show / sorted(os.listdir(show))[0])
    # prediction beside ground truth, for every image
    assert len([f for f in os.listdir(show) if f.endswith('_compare.png')
                ]) == 16


def test_tensorboard_flag_logs_beside_the_local_backend(demo_root, tmp_path):
    work = tmp_path / 'tb'
    res = run_tool([
        'tools/train.py', DEMO_CONFIG, '--work-dir', str(work),
        '--tensorboard', '--cfg-options', 'train_cfg.max_iters=1',
        'train_cfg.val_interval=1', 'param_scheduler.0.end=1',
        'default_hooks.checkpoint.interval=1',
        'train_dataloader.num_workers=0',
        'train_dataloader.batch_size=2'] + data_opts(demo_root))
    assert res.returncode == 0, res.stderr[-3000:]
    vis = [osp.join(r, f) for r, _, fs in os.walk(work) for f in fs]
    assert any('events.out.tfevents' in f for f in vis), vis
    assert any(f.endswith('scalars.json') for f in vis)  # plot_logs' input
