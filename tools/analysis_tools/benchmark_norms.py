"""Training-step time and memory of one model with BN, naive AGC and AGC.

Usage::

    python tools/analysis_tools/benchmark_norms.py [CONFIG ...]
        [--batch-sizes 1 8] [--size 256 512] [--steps 5] [--warmup 1]
        [--device cpu] [--[no-]interleave] [--out table.json]

For each config (default: the SegNet Cityscapes testbed and the demo FCN),
builds the model three times, changing only ``norm_cfg`` everywhere:
``BN`` (SyncBN becomes BN), ``AGC`` with plain autograd ops
(``memory_efficient=False``) and our ``AGC``; then times full training steps
(forward, loss, backward, SGD step) on random images and labels and
measures memory. On the CPU the three models take turns in blocks of 3
steps and glibc's freed memory is kept (``mmseg_multipath/utils/
fair_timing.py``), so that the machine's drift and page faults do not
enter the ratios. Memory:

* ``kept MB``: bytes the autograd graph keeps for backward (distinct
  storages, parameters excluded; device independent, see
  ``mmseg_multipath.analysis.autograd_memory``);
* ``peak MB`` (CUDA only): ``torch.cuda.max_memory_allocated`` of a step.

Prints one table (and writes it as JSON with ``--out``). Ratios are against
BN of the same model and batch size.
"""
import argparse
import copy
import json
import os.path as osp

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

import mmseg_multipath  # noqa: F401
from mmseg_multipath.analysis.fair_timing import (TimedTrainStep, malloc_note,
                                                  summary, time_in_turns)
from mmseg_multipath.analysis.segmentor_loss import main_logits_ce
from mmseg_multipath.models.layers import fuse_agc
from mmseg_multipath.utils import replace_norm_cfg

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

DEFAULT_CONFIGS = [
    osp.join(ROOT,
             'configs/agc/segnet_vgg16-bn_1xb4-150e_cityscapes-256x512.py'),
    osp.join(ROOT, 'configs/demo/fcn_r18w16-d8_1xb8-2k_demo-96x128.py'),
]
VARIANTS = (('BN', dict(type='BN', requires_grad=True)),
            ('AGC naive', dict(type='AGC', memory_efficient=False)),
            ('AGC', dict(type='AGC')))


def train_step(model, batch, size, device, num_classes):
    """A ``TimedTrainStep`` of the segmentor on random images and labels
    (backbone, decode head, logits resized to the labels, cross entropy)."""
    model = model.to(device).train()
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, *size, generator=g).to(device)
    y = torch.randint(0, num_classes, (batch, *size), generator=g).to(device)

    return TimedTrainStep(model, lambda: main_logits_ce(model, x, y),
                          device, lr=1e-3)


def main():
    parser = argparse.ArgumentParser(description='BN vs AGC benchmark')
    parser.add_argument('configs', nargs='*', default=DEFAULT_CONFIGS)
    parser.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 8])
    parser.add_argument('--size', type=int, nargs=2, default=[256, 512])
    parser.add_argument('--steps', type=int, default=5)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--warmup', type=int, default=1)
    parser.add_argument('--interleave', action=argparse.BooleanOptionalAction,
                        default=None,
                        help='the three norms take turns in blocks of 3 '
                        'steps (default: on for the CPU, off for CUDA)')
    parser.add_argument('--out', help='write the rows as JSON')
    args = parser.parse_args()
    interleave = (not args.device.startswith('cuda')
                  if args.interleave is None else args.interleave)
    init_default_scope('mmseg')
    rows = []
    print(f'device {args.device}, input {args.size[0]}x{args.size[1]}, '
          f'median of {args.steps} steps after {args.warmup} warm-up, '
          f'{"norms taking turns" if interleave else "one after another"}, '
          f'{malloc_note()}, torch {torch.__version__}, '
          f'{torch.get_num_threads()} threads')
    hdr = (f'{"model":<34}{"norm":<11}{"batch":>6}{"step s":>9}'
           f'{"x BN":>7}{"kept MB":>10}{"x BN":>7}{"peak MB":>9}')
    print(hdr)
    print('-' * len(hdr))
    for path in args.configs:
        cfg = Config.fromfile(path)
        name = osp.splitext(osp.basename(path))[0][:33]
        num_classes = cfg.model.decode_head.num_classes
        for batch in args.batch_sizes:
            steps = []
            for norm, norm_cfg in VARIANTS:
                mcfg = replace_norm_cfg(copy.deepcopy(cfg.model.to_dict()),
                                        norm_cfg)
                mcfg.pop('pretrained', None)
                mcfg['auxiliary_head'] = None
                torch.manual_seed(0)
                # the AGC models run fused, as AGCFusionHook sets them up
                steps.append(train_step(fuse_agc(MODELS.build(mcfg)), batch,
                                        tuple(args.size), args.device,
                                        num_classes))
            times = time_in_turns(steps, args.steps, args.warmup,
                                  interleave)
            base = None
            for (norm, _), step, ts in zip(VARIANTS, steps, times):
                t = summary(ts)[0]
                base = base or (t, step.kept)
                row = dict(model=name, norm=norm, batch=batch, step_s=t,
                           step_vs_bn=t / base[0], kept_mb=step.kept,
                           kept_vs_bn=step.kept / base[1],
                           peak_mb=step.peak)
                rows.append(row)
                peak = float('nan') if step.peak is None else step.peak
                print(f'{name:<34}{norm:<11}{batch:>6}{t:>9.3f}'
                      f'{row["step_vs_bn"]:>7.2f}{row["kept_mb"]:>10.1f}'
                      f'{row["kept_vs_bn"]:>7.2f}{peak:>9.1f}', flush=True)
            del steps
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(rows, f, indent=1)


if __name__ == '__main__':
    from mmseg_multipath.analysis.fair_timing import reexec_with_steady_malloc
    reexec_with_steady_malloc()  # no page faults in the timed steps
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
