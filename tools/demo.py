"""The demo: generate data, train on CPU, evaluate, write colour overlays.

Usage::

    python tools/demo.py [--work-dir work_dirs/demo] [--cfg-options ...]

1. writes the embedded demo data set (generated street scenes in the CamVid
   class set) to data/demo, unless it is there already;
2. trains the demo config (a slim dilated FCN) on CPU, with a progress log
   and ETA every 50 iterations, in bf16 autocast + channels_last where the
   CPU has native bf16 (it prints the mode);
3. evaluates on the val split: per-class IoU table and mIoU;
4. writes a colour overlay (and colour map) of every val prediction to
   WORK_DIR/overlays/.
"""
import argparse
import os.path as osp
import time

import mmseg_multipath  # noqa: F401
from mmseg_multipath.datasets.demo_data import prepare_demo_data
from mmseg_multipath.engine import build_runner
from mmseg_multipath.utils.autocast import training_mode
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.config import load_config

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEMO_CONFIG = osp.join(ROOT, 'configs', 'demo',
                       'fcn_r18w16-d8_1xb8-2k_demo-96x128.py')


def parse_args():
    parser = argparse.ArgumentParser(description='Run the CPU demo')
    parser.add_argument('--config', default=DEMO_CONFIG)
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument('--data-root', default='data/demo')
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    return parser.parse_args()


def main():
    args = parse_args()
    t0 = time.time()
    print(f'[1/3] demo data -> {args.data_root}')
    counts = prepare_demo_data(args.data_root)
    print('      ' + ', '.join(f'{k}: {v} images' for k, v in counts.items()))

    cfg = load_config(args.config, cfg_options=args.cfg_options)
    cfg.work_dir = args.work_dir
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[key].dataset.data_root = args.data_root
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='SegOverlayHook', out_dir='overlays')]

    print(f'[2/3] training {osp.basename(args.config)} for '
          f'{cfg.train_cfg.max_iters} iterations on CPU -> {args.work_dir}')
    print(f'      mode: {training_mode(cfg)}')
    runner = build_runner(cfg)
    runner.train()
    t_train = time.time() - t0

    print('[3/3] evaluating on the val split and writing overlays')
    metrics = runner.test()
    out = osp.join(args.work_dir, 'overlays')
    print('\n==== demo done ====')
    print(f'mIoU on demo val: {metrics["mIoU"]:.2f}  (aAcc '
          f'{metrics["aAcc"]:.2f}, mAcc {metrics["mAcc"]:.2f})')
    print(f'colour overlays:  {out}/*_overlay.png')
    print(f'checkpoints/logs: {args.work_dir}')
    print(f'time: train {t_train:.0f} s, total {time.time() - t0:.0f} s '
          f'({training_mode(cfg)})')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
