"""Training-step time and memory of one model with BN, naive AGC and AGC.

Usage::

    python tools/analysis_tools/benchmark_norms.py [CONFIG ...]
        [--batch-sizes 1 8] [--size 256 512] [--steps 5] [--device cpu]

For each config (default: the SegNet Cityscapes testbed and the demo FCN),
builds the model three times, changing only ``norm_cfg`` everywhere:
``BN`` (SyncBN becomes BN), ``AGC`` with plain autograd ops
(``memory_efficient=False``) and our ``AGC``; then times full training steps
(forward, loss, backward, SGD step) on random images and labels and
measures memory:

* ``kept MB``: bytes the autograd graph keeps for backward (distinct
  storages, parameters excluded; device independent, see
  ``mmseg_multipath.utils.autograd_memory``);
* ``peak MB`` (CUDA only): ``torch.cuda.max_memory_allocated`` of a step.

Prints one table (and writes it as JSON with ``--out``). Ratios are against
BN of the same model and batch size.
"""
import argparse
import copy
import json
import os.path as osp
import statistics
import sys
import time

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, ROOT)

DEFAULT_CONFIGS = [
    osp.join(ROOT, 'configs/agc/segnet_vgg16-bn_1xb4-150e_cityscapes-256x512.py'),
    osp.join(ROOT, 'configs/demo/fcn_r18w16-d8_1xb8-2k_demo-96x128.py'),
]
VARIANTS = (('BN', dict(type='BN', requires_grad=True)),
            ('AGC naive', dict(type='AGC', memory_efficient=False)),
            ('AGC', dict(type='AGC')))


def bench(model, batch, size, steps, device, num_classes):
    import torch
    from mmseg_multipath.utils.autograd_memory import saved_tensor_bytes
    model = model.to(device).train()
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, *size, generator=g).to(device)
    y = torch.randint(0, num_classes, (batch, *size), generator=g).to(device)
    times, kept, peak = [], 0, 0
    for i in range(steps + 1):  # the first step warms up
        if device.startswith('cuda'):
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
        t0 = time.perf_counter()
        feats = model.extract_feat(x)
        logits = model.decode_head(feats)
        if logits.shape[-2:] != y.shape[-2:]:
            logits = torch.nn.functional.interpolate(
                logits, size=y.shape[-2:], mode='bilinear',
                align_corners=False)
        loss = torch.nn.functional.cross_entropy(logits, y)
        if i == 0:
            kept = saved_tensor_bytes(loss)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if device.startswith('cuda'):
            torch.cuda.synchronize()
            peak = max(peak, torch.cuda.max_memory_allocated())
        if i:
            times.append(time.perf_counter() - t0)
    return statistics.median(times), kept, peak


def main():
    parser = argparse.ArgumentParser(description='BN vs AGC benchmark')
    parser.add_argument('configs', nargs='*', default=DEFAULT_CONFIGS)
    parser.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 8])
    parser.add_argument('--size', type=int, nargs=2, default=[256, 512])
    parser.add_argument('--steps', type=int, default=5)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--out', help='write the rows as JSON')
    args = parser.parse_args()

    import torch
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    from mmseg.registry import MODELS

    import mmseg_multipath  # noqa: F401
    from mmseg_multipath.utils import replace_norm_cfg
    init_default_scope('mmseg')
    rows = []
    print(f'device {args.device}, input {args.size[0]}x{args.size[1]}, '
          f'median of {args.steps} steps after 1 warm-up, torch '
          f'{torch.__version__}, {torch.get_num_threads()} threads')
    hdr = (f'{"model":<34}{"norm":<11}{"batch":>6}{"step s":>9}'
           f'{"x BN":>7}{"kept MB":>10}{"x BN":>7}{"peak MB":>9}')
    print(hdr)
    print('-' * len(hdr))
    for path in args.configs:
        cfg = Config.fromfile(path)
        name = osp.splitext(osp.basename(path))[0][:33]
        num_classes = cfg.model.decode_head.num_classes
        for batch in args.batch_sizes:
            base = None
            for norm, norm_cfg in VARIANTS:
                mcfg = replace_norm_cfg(copy.deepcopy(cfg.model.to_dict()),
                                        norm_cfg)
                mcfg.pop('pretrained', None)
                mcfg['auxiliary_head'] = None
                torch.manual_seed(0)
                model = MODELS.build(mcfg)
                t, kept, peak = bench(model, batch, tuple(args.size),
                                      args.steps, args.device, num_classes)
                base = base or (t, kept)
                row = dict(model=name, norm=norm, batch=batch, step_s=t,
                           step_vs_bn=t / base[0], kept_mb=kept / 2**20,
                           kept_vs_bn=kept / base[1], peak_mb=peak / 2**20)
                rows.append(row)
                print(f'{name:<34}{norm:<11}{batch:>6}{t:>9.3f}'
                      f'{row["step_vs_bn"]:>7.2f}{row["kept_mb"]:>10.1f}'
                      f'{row["kept_vs_bn"]:>7.2f}'
                      f'{row["peak_mb"] if peak else float("nan"):>9.1f}',
                      flush=True)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(rows, f, indent=1)


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
