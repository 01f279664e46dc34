"""Deep Control's experiment (Ruff 2017, Fig. 1a-f): BN vs AGC at batch
sizes 1, 4 and 8 with the learning rate scaled by the batch size.

Usage::

    python tools/analysis_tools/agc_vs_bn.py CONFIG [--samples 480]
        [--batch-sizes 1 4 8] [--evals 4] [--work-dir DIR]
        [--cfg-options ...]

CONFIG is a BN or AGC config that uses ``auto_scale_lr`` with
``base_batch_size=1`` (lr = base rate x batch size, the paper's rule), e.g.
``configs/agc/segnet_vgg16w16-agc_1xb4-2k_demo-96x128.py`` on the demo
data (runs in minutes on a CPU), or the SegNet Cityscapes/CamVid configs on
real data (GPU). For every batch size and both norms (only ``norm_cfg``
differs) it trains for the same number of *samples* (as the paper plots
against epochs), evaluates ``--evals`` times, and draws one PNG:
validation error (100 - pixel accuracy, the paper's "mean fraction of
incorrectly labelled pixels") and training loss against samples seen, BN
dashed, AGC solid, one colour per batch size. Also writes the numbers as
JSON beside the PNG.
"""
import argparse
import copy
import glob
import json
import os.path as osp

import mmseg_multipath  # noqa: F401
from mmseg_multipath.engine import build_runner
from mmseg_multipath.utils import replace_norm_cfg
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.config import load_config

NORMS = (('BN', dict(type='BN', requires_grad=True)), ('AGC',
                                                       dict(type='AGC')))


def parse_args():
    parser = argparse.ArgumentParser(description='BN vs AGC training curves')
    parser.add_argument('config')
    parser.add_argument('--samples', type=int, default=480,
                        help='training samples per run (same for every batch '
                        'size)')
    parser.add_argument('--batch-sizes', type=int, nargs='+',
                        default=[1, 4, 8])
    parser.add_argument('--evals', type=int, default=4,
                        help='validations per run')
    parser.add_argument('--work-dir', default='work_dirs/agc_vs_bn')
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    return parser.parse_args()


def run_one(base, norm_cfg, batch, args, work_dir):
    cfg = copy.deepcopy(base)
    replace_norm_cfg(cfg.model, norm_cfg)
    iters = max(1, args.samples // batch)
    every = max(1, iters // args.evals)
    cfg.work_dir = work_dir
    # one visualizer per run: mmengine keeps instances by name per process
    cfg.visualizer.name = f'agc_vs_bn_{osp.basename(work_dir)}'
    cfg.train_dataloader.batch_size = batch
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=iters,
                         val_interval=every)
    cfg.param_scheduler = [dict(type='ConstantLR', factor=1.0,
                                by_epoch=False)]
    cfg.default_hooks.logger = dict(type='LoggerHook',
                                    interval=max(1, every // 2),
                                    log_metric_by_epoch=False)
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook',
                                        by_epoch=False, interval=iters,
                                        max_keep_ckpts=1)
    cfg.log_processor = dict(by_epoch=False)
    cfg.custom_hooks = [h for h in cfg.get('custom_hooks', [])
                        if h['type'] != 'AGCLambdaHook']
    if not cfg.get('auto_scale_lr', {}).get('enable'):
        raise ValueError('the config must set auto_scale_lr=dict(enable=True, '
                         'base_batch_size=1) (lr = base rate x batch size)')
    runner = build_runner(cfg)
    runner.train()
    scalars = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                        'scalars.json')))[-1]
    val, loss = [], []
    for line in open(scalars):
        rec = json.loads(line)
        if 'aAcc' in rec:
            val.append((rec['step'] * batch, 100.0 - rec['aAcc'],
                        rec['mIoU']))
        elif 'loss' in rec:
            loss.append((rec['step'] * batch, rec['loss']))
    return dict(batch=batch, iters=iters, val=val, loss=loss,
                lr=runner.optim_wrapper.get_lr()['lr'][0])


def plot(results, out):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    colours = plt.get_cmap('tab10')
    batches = sorted({r['batch'] for r in results})
    for r in results:
        c = colours(batches.index(r['batch']))
        style = '--' if r['norm'] == 'BN' else '-'
        label = f'{r["norm"]} batch {r["batch"]} (lr {r["lr"]:.3g})'
        if r['val']:
            x, err, _ = zip(*r['val'])
            ax1.plot(x, err, style, color=c, marker='o', ms=3, label=label)
        if r['loss']:
            x, loss = zip(*r['loss'])
            ax2.plot(x, loss, style, color=c, lw=1, label=label)
    ax1.set_xlabel('training samples seen')
    ax1.set_ylabel('validation error (100 - pixel acc, %)')
    ax1.set_title('validation error: BN (dashed) vs AGC (solid)')
    ax1.legend(fontsize=8)
    ax2.set_xlabel('training samples seen')
    ax2.set_ylabel('training loss')
    ax2.set_title('training loss')
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main():
    args = parse_args()
    base = load_config(args.config, cfg_options=args.cfg_options)
    results = []
    for batch in args.batch_sizes:
        for norm, norm_cfg in NORMS:
            wd = osp.join(args.work_dir, f'{norm.lower()}_b{batch}')
            print(f'== {norm}, batch {batch}: {args.samples} samples -> {wd}',
                  flush=True)
            r = run_one(base, norm_cfg, batch, args, wd)
            r['norm'] = norm
            results.append(r)
            last = r['val'][-1] if r['val'] else None
            if last:
                print(f'   final val error {last[1]:.2f}%, mIoU '
                      f'{last[2]:.2f}', flush=True)
    out = osp.join(args.work_dir, 'agc_vs_bn.png')
    plot(results, out)
    with open(osp.join(args.work_dir, 'agc_vs_bn.json'), 'w') as f:
        json.dump(results, f, indent=1)
    print(f'\n{"norm":<6}{"batch":>6}{"lr":>8}{"val error %":>13}{"mIoU":>8}')
    for r in results:
        if r['val']:
            print(f'{r["norm"]:<6}{r["batch"]:>6}{r["lr"]:>8.3g}'
                  f'{r["val"][-1][1]:>13.2f}{r["val"][-1][2]:>8.2f}')
    print(f'plot: {out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
