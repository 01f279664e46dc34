"""Speed, size and memory of several segmentors in one run (random weights).

Usage::

    python tools/analysis_tools/benchmark.py CONFIG [CONFIG ...]
    (a CONFIG may name mmseg's own, e.g. mmseg::pspnet/pspnet_r50-d8_4xb4-80k_ade20k-512x512.py)
        [--shape 512 512] [--repeats 5] [--warmup 2] [--device cpu]
        [--fp16] [--channels-last] [--compile [--compile-mode M]]
        [--[no-]interleave] [--train-memory]
        [--checkpoint CKPT ...] [--cfg-options k=v ...] [--out table.json]

mmseg's ``tools/analysis_tools/benchmark.py`` needs a checkpoint and a data
set and returns nan below 200 images. This one builds each config's model
(random weights unless ``--checkpoint`` gives one per config), feeds one
random image of ``--shape`` (batch 1), runs ``--warmup`` untimed forward
passes, then times ``--repeats`` passes and reports the median and the
best. On the CPU the configs take turns in blocks of 3 timed passes (each
block after one untimed pass) and the tool re-runs itself with glibc
malloc tunables that keep freed memory, so that a shared machine's drift
and page faults do not enter the ratios (``mmseg_multipath/utils/
fair_timing.py``; ``--no-interleave``, or ``GLIBC_TUNABLES`` set to
anything, turn these off). A forward
pass is ``EncoderDecoder.encode_decode``: backbone, heads and the resize of
the logits to the input size (what inference costs, without the data
pipeline). Columns:

* ``FPS`` (median), ``x first`` (the ratio to the first config), ``ms``
  (median) and ``best ms`` (the fastest pass: contention only ever slows
  a pass down);
* ``params (M)``: every parameter of the segmentor (auxiliary heads too,
  which inference does not run);
* ``GMACs``: multiply-accumulates of the convolutions, transposed
  convolutions and linear layers that inference runs, counted by forward
  hooks (1 MAC = 2 FLOPs; fvcore/mmengine call a MAC one "flop");
* with ``--train-memory``: one training step (forward, loss on random
  labels, backward) per model: ``train MB/img`` is what the autograd graph
  keeps for backward (distinct storages, parameters excluded; the same
  number on any device) and, on CUDA, ``peak MB/img``: what
  ``torch.cuda.max_memory_allocated`` rises by during the step, measured
  after one warm-up step (so cuDNN's autotuning workspaces are excluded);
* ``input``: the resolution every figure of the row was measured at.

SyncBN becomes BN (one process). Prints progress per config and one table
at the end (also as JSON with ``--out``).
"""
import argparse
import json
import os.path as osp

from mmengine.config import DictAction



def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('configs', nargs='+')
    p.add_argument('--shape', type=int, nargs=2, default=[512, 512],
                   metavar=('H', 'W'))
    p.add_argument('--repeats', type=int, default=5)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--device', default='cpu')
    p.add_argument('--fp16', action='store_true',
                   help='autocast to float16 (CUDA)')
    p.add_argument('--channels-last', action='store_true')
    p.add_argument('--compile', action='store_true', help='torch.compile')
    p.add_argument('--compile-mode', default=None,
                   choices=['default', 'reduce-overhead', 'max-autotune'],
                   help='torch.compile mode (reduce-overhead = CUDA graphs)')
    p.add_argument('--fuse-conv-bn', action='store_true',
                   help='fold eval-mode BN into the preceding conv '
                   '(mmcv.cnn.fuse_conv_bn), as mmdet\'s benchmark offers')
    p.add_argument('--interleave', action=argparse.BooleanOptionalAction,
                   default=None,
                   help='configs take turns in blocks of 3 timed passes '
                   '(default: on for the CPU, off for CUDA)')
    p.add_argument('--train-memory', action='store_true',
                   help='also measure one training step')
    p.add_argument('--checkpoint', nargs='*', default=None,
                   help='one checkpoint per config (optional)')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   default=None,
                   help='overrides applied to every config (k=v)')
    p.add_argument('--out', help='write the rows as JSON')
    return p.parse_args(argv)


def build(config, checkpoint=None, cfg_options=None):
    """The segmentor of ``config`` in eval mode (SyncBN -> BN)."""
    import mmseg_multipath  # noqa: F401
    from mmseg_multipath.apis import build_eval_segmentor
    return build_eval_segmentor(config, checkpoint, cfg_options)


def count_macs(fn, model):
    """Conv / transposed conv / linear MACs of one call ``fn()``."""
    import torch.nn as nn
    total = [0]

    def conv_hook(m, inp, out):
        if isinstance(m, nn.ConvTranspose2d):  # every input pixel scatters
            total[0] += inp[0].numel() * m.out_channels // m.groups * (
                m.weight[0, 0].numel())
        else:  # every output pixel gathers Cin/groups * kh * kw
            total[0] += out.numel() * m.weight[0].numel()

    def linear_hook(m, inp, out):
        total[0] += out.numel() * m.in_features

    handles = []
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
    try:
        fn()
    finally:
        for h in handles:
            h.remove()
    return total[0]


def inference_step(model, shape, args):
    """(function timing one batch-1 forward in seconds, GMACs)."""
    import torch

    from mmseg_multipath.analysis.fair_timing import seconds
    device = args.device
    x = torch.randn(1, 3, *shape, device=device)
    metas = [dict(img_shape=tuple(shape), ori_shape=tuple(shape),
                  pad_shape=tuple(shape))]
    if args.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    run = model.encode_decode
    if args.compile:
        run = torch.compile(run, mode=args.compile_mode)

    def ctx():
        return (torch.autocast(device.split(':')[0], dtype=torch.float16)
                if args.fp16 else torch.autocast('cpu', enabled=False))

    with torch.inference_mode(), ctx():
        macs = count_macs(lambda: model.encode_decode(x, metas), model)

    def step():
        with torch.inference_mode(), ctx():
            return seconds(lambda: run(x, metas), device)
    return step, macs


def train_memory(model, shape, device, batch=1):
    """(kept MB per image, CUDA peak MB per image or None) of one step."""
    import torch
    import torch.nn.functional as F

    from mmseg_multipath.analysis.autograd_memory import saved_tensor_bytes
    model.train()
    num_classes = model.decode_head.num_classes
    x = torch.randn(batch, 3, *shape, device=device)
    y = torch.randint(0, num_classes, (batch, *shape), device=device)

    def step():
        logits = model.decode_head(model.extract_feat(x))
        if isinstance(logits, (tuple, list)):  # heads with auxiliary outputs
            logits = logits[0]
        logits = F.interpolate(logits, size=shape, mode='bilinear',
                               align_corners=False)
        return F.cross_entropy(logits, y)

    cuda = device.startswith('cuda')
    if cuda:
        # one untimed step first: cuDNN's autotuner (cudnn.benchmark) tries
        # workspaces of many GB on the first pass, which is not what
        # training keeps needing; gradients stay allocated as in training
        step().backward()
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
    loss = step()
    kept = saved_tensor_bytes(loss)
    loss.backward()
    peak = None
    if cuda:
        torch.cuda.synchronize()
        peak = (torch.cuda.max_memory_allocated() - base) / batch / 2**20
    model.zero_grad(set_to_none=True)
    model.eval()
    return kept / batch / 2**20, peak


def main(argv=None):
    args = parse_args(argv)
    import torch

    from mmseg_multipath.analysis.fair_timing import summary, time_in_turns
    if args.device.startswith('cuda'):
        # fixed input shape: let cuDNN pick its fastest kernels, as mmseg's
        # benchmark does with ``cudnn_benchmark=True``
        torch.backends.cudnn.benchmark = True
    ckpts = args.checkpoint or [None] * len(args.configs)
    if len(ckpts) != len(args.configs):
        raise SystemExit('error: --checkpoint needs one file per config')
    options = args.cfg_options
    shape = tuple(args.shape)
    interleave = (not args.device.startswith('cuda')
                  if args.interleave is None else args.interleave)
    rows, models, steps = [], [], []
    for i, (config, ckpt) in enumerate(zip(args.configs, ckpts)):
        name = osp.splitext(osp.basename(config.split('::')[-1]))[0]
        print(f'[{i + 1}/{len(args.configs)}] {name}: building', flush=True)
        model = build(config, ckpt, options).to(args.device)
        if args.channels_last:
            from mmseg_multipath.utils.channels_last import channels_last
            model = channels_last(model, backward=args.train_memory,
                                  who='--channels-last with --train-memory')
        params = sum(p.numel() for p in model.parameters())
        if args.fuse_conv_bn:
            from mmcv.cnn import fuse_conv_bn
            model = fuse_conv_bn(model)
        step, macs = inference_step(model, shape, args)
        models.append(model)
        steps.append(step)
        rows.append(dict(config=name, input=f'{shape[0]}x{shape[1]}',
                         device=args.device, fp16=args.fp16,
                         params_M=params / 1e6, GMACs=macs / 1e9))
    print(f'timing {args.warmup} + {args.repeats} forward passes of each '
          f'config at {shape[0]}x{shape[1]} on {args.device}, '
          f'{"taking turns" if interleave else "one config after another"}',
          flush=True)
    times = time_in_turns(steps, args.repeats, args.warmup, interleave,
                          names=[r['config'] for r in rows],
                          log=lambda msg: print(f'    {msg}', flush=True))
    for row, model, ts in zip(rows, models, times):
        sec, best = summary(ts)
        row.update(ms=sec * 1e3, FPS=1.0 / sec, best_ms=best * 1e3,
                   interleaved=interleave)
        if args.train_memory:
            print(f'{row["config"]}: one training step for memory',
                  flush=True)
            kept, peak = train_memory(model, shape, args.device)
            row.update(train_MB_per_img=kept, peak_MB_per_img=peak)
        print(f'{row["config"]}: {row["FPS"]:.3f} FPS, '
              f'{row["GMACs"]:.1f} GMACs', flush=True)
    del models, steps
    first = rows[0]['FPS']
    for r in rows:
        r['ratio'] = r['FPS'] / first
    print(format_table(rows, args))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(rows, f, indent=1)
    return rows


def format_table(rows, args):
    from mmseg_multipath.analysis.fair_timing import malloc_note
    head = ['config', 'input', 'FPS', 'x first', 'ms', 'best ms',
            'params (M)', 'GMACs']
    if args.train_memory:
        head += ['train MB/img', 'peak MB/img']
    lines = ['| ' + ' | '.join(head) + ' |',
             '|' + '---|' * len(head)]
    for r in rows:
        cells = [r['config'], r['input'], f'{r["FPS"]:.3f}',
                 f'{r["ratio"]:.2f}', f'{r["ms"]:.1f}', f'{r["best_ms"]:.1f}',
                 f'{r["params_M"]:.2f}', f'{r["GMACs"]:.1f}']
        if args.train_memory:
            peak = r['peak_MB_per_img']
            cells += [f'{r["train_MB_per_img"]:.0f}',
                      '-' if peak is None else f'{peak:.0f}']
        lines.append('| ' + ' | '.join(cells) + ' |')
    mode = ('fp16' if args.fp16 else 'fp32') + (
        ', channels_last' if args.channels_last else '') + (
        ', conv-BN fused' if args.fuse_conv_bn else '') + (
        (f', torch.compile({args.compile_mode or "default"})'
         if args.compile else '')) + (
        ', cudnn.benchmark' if args.device.startswith('cuda') else '')
    order = ('configs taking turns' if rows and rows[0]['interleaved']
             else 'one config after another')
    lines.append(f'(batch 1, {args.device}, {mode}, median and best of '
                 f'{args.repeats} after {args.warmup} warm-up, {order}, '
                 f'{malloc_note()}; '
                 f'torch {__import__("torch").__version__}, '
                 f'{__import__("torch").get_num_threads()} threads)')
    return '\n'.join(lines)


if __name__ == '__main__':
    from mmseg_multipath.analysis.fair_timing import reexec_with_steady_malloc
    reexec_with_steady_malloc()  # no page faults in the timed passes
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
