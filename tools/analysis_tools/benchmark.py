"""Speed, size and memory of several segmentors in one run (random weights).

Usage::

    python tools/analysis_tools/benchmark.py CONFIG [CONFIG ...]
    (a CONFIG may name mmseg's own, e.g.
    mmseg::pspnet/pspnet_r50-d8_4xb4-80k_ade20k-512x512.py)
        [--shape 512 512] [--repeats 5] [--warmup 2] [--device cpu]
        [--modes fp32 fp32+cl bf16+cl bf16+cl+compile ...]
        [--fp16 | --bf16] [--channels-last] [--compile [--compile-mode M]]
        [--fuse-conv-bn] [--[no-]interleave] [--train-memory]
        [--train-speed [--train-batch 2] [--train-shape H W]]
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
pipeline). ``--modes`` puts several modes of every config side by side
in one run (one row per config and mode, all rows taking turns); a mode
is '+'-joined tokens: ``fp32`` / ``bf16`` / ``fp16`` (autocast dtype),
``cl`` (channels_last), ``compile`` (torch.compile), ``fuse`` (conv-BN
folding). Without ``--modes`` the single-mode flags make one mode. Every
mode of a config gets the same random weights. Columns:

* ``mode``; ``agree %``: the argmax agreement of the row's logits with
  those of the same config's first mode (what bf16 changes);
* ``FPS`` (median), ``x first`` (the ratio to the first config in the
  same mode), ``ms``
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
* with ``--train-speed``: ``train step ms`` (median) and ``train
  img/s`` of a full training step in the row's mode (the config's own
  ``model.loss``: decode and auxiliary heads, samplers, loss weights;
  backward; SGD) at ``--train-batch`` and ``--train-shape``; not for
  ``fuse`` modes; one config at a time, its modes taking turns (compare
  modes within a config);
* ``input``: the resolution every inference figure of the row was
  measured at. The footnote names the CPU's vector ISA and native bf16
  support (AVX-512 BF16 / AMX).

SyncBN becomes BN (one process). Prints progress per config and one table
at the end (also as JSON with ``--out``).
"""
import argparse
import gc
import json
import os
import os.path as osp
import shutil
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F

import mmseg_multipath  # noqa: F401
from mmseg_multipath.analysis.autograd_memory import saved_tensor_bytes
from mmseg_multipath.analysis.fair_timing import (TimedTrainStep, malloc_note,
                                                  seconds, summary,
                                                  time_in_turns)
from mmseg_multipath.analysis.segmentor_loss import main_logits_ce
from mmseg_multipath.apis import build_eval_segmentor
from mmseg_multipath.deployment import openvino_export as ov_export
from mmseg_multipath.deployment.export_wrapper import ExportWrapper
from mmseg_multipath.deployment.metadata import make_meta, write_onnx_meta
from mmseg_multipath.deployment.runtimes import open_deployed
from mmseg_multipath.models.fold_conv_bn import fold_segmentor
from mmseg_multipath.models.layers import fuse_agc
from mmseg_multipath.utils.autocast import cpu_bf16_isa
from mmseg_multipath.utils.channels_last import channels_last
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.random_init import init_like_training
from mmseg_multipath.utils.samples import random_seg_samples

MODE_TOKENS = ('fp32', 'bf16', 'fp16', 'int8', 'cl', 'compile', 'fuse', 'ov',
               'ort')
PRECISIONS = ('fp32', 'bf16', 'fp16', 'int8')


def parse_mode(text):
    """'bf16+cl+compile' -> dict(name, dtype, channels_last, compile,
    fuse, runtime): '+'-joined tokens, one precision (fp32 / bf16 / fp16 /
    int8, default fp32), ``cl`` = channels_last, ``compile`` =
    torch.compile, ``fuse`` = eval-mode BN folded into the conv that feeds
    it (``mmseg_multipath.models.fold_conv_bn``, pairs found from the
    forward pass); ``ov`` = the model exported to OpenVINO (fp32, bf16 or
    int8), ``ort`` = exported to ONNX and run by onnxruntime (fp32): the
    deployed graph (preprocessing, model, resize, argmax) of
    ``mmseg_multipath.deployment``."""
    tokens = [t for t in text.split('+') if t]
    bad = [t for t in tokens if t not in MODE_TOKENS]
    precisions = [t for t in tokens if t in PRECISIONS]
    if bad or len(precisions) > 1 or not tokens:
        raise ValueError(f'mode "{text}": tokens are {list(MODE_TOKENS)} '
                         'joined by "+", one of fp32/bf16/fp16/int8')
    prec = precisions[0] if precisions else 'fp32'
    runtime = 'ov' if 'ov' in tokens else 'ort' if 'ort' in tokens else \
        'torch'
    torch_only = [t for t in tokens if t in ('cl', 'compile', 'fuse')]
    if runtime != 'torch' and (torch_only or 'ov' in tokens and
                               'ort' in tokens):
        raise ValueError(f'mode "{text}": ov / ort take a precision only, '
                         f'not {torch_only or ["ov", "ort"]}')
    allowed = dict(torch=('fp32', 'bf16', 'fp16'), ov=('fp32', 'bf16',
                                                       'int8'),
                   ort=('fp32', ))[runtime]
    if prec not in allowed:
        raise ValueError(f'mode "{text}": {prec} is not a precision of '
                         f'{runtime} ({"/".join(allowed)})')
    return dict(name='+'.join([prec] + [t for t in tokens if t != prec]),
                dtype={'fp32': None, 'bf16': 'bfloat16',
                       'fp16': 'float16', 'int8': 'int8'}[prec],
                channels_last='cl' in tokens, compile='compile' in tokens,
                fuse='fuse' in tokens, runtime=runtime)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('configs', nargs='+')
    p.add_argument('--shape', type=int, nargs=2, default=[512, 512],
                   metavar=('H', 'W'))
    p.add_argument('--repeats', type=int, default=5)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--device', default='cpu')
    p.add_argument('--modes', nargs='+', default=None, metavar='MODE',
                   help='several modes side by side, e.g. fp32 fp32+cl '
                   'bf16+cl bf16+cl+compile (tokens: ' +
                   ', '.join(MODE_TOKENS) + '); overrides the single-mode '
                   'flags below')
    p.add_argument('--fp16', action='store_true',
                   help='autocast to float16 (CUDA)')
    p.add_argument('--bf16', action='store_true',
                   help='autocast to bfloat16 (a CPU with AVX-512 BF16 or '
                   'AMX, or a GPU)')
    p.add_argument('--channels-last', action='store_true')
    p.add_argument('--compile', action='store_true', help='torch.compile')
    p.add_argument('--compile-mode', default=None,
                   choices=['default', 'reduce-overhead', 'max-autotune'],
                   help='torch.compile mode (reduce-overhead = CUDA graphs)')
    p.add_argument('--fuse-conv-bn', action='store_true',
                   help='fold eval-mode BN into the conv that feeds it '
                   '(pairs found from the forward pass, not from the '
                   'order of registration as in mmcv.cnn.fuse_conv_bn)')
    p.add_argument('--interleave', action=argparse.BooleanOptionalAction,
                   default=None,
                   help='configs take turns in blocks of 3 timed passes '
                   '(default: on for the CPU, off for CUDA)')
    p.add_argument('--train-memory', action='store_true',
                   help='also measure what one training step keeps')
    p.add_argument('--train-speed', action='store_true',
                   help='also time training steps (forward and loss of the '
                   'config\'s own heads and losses, backward, SGD step) in '
                   'each mode but fuse')
    p.add_argument('--train-batch', type=int, default=2,
                   help='batch of the --train-speed steps (default 2)')
    p.add_argument('--train-shape', type=int, nargs=2, default=None,
                   metavar=('H', 'W'),
                   help='crop of the --train-speed steps (default --shape)')
    p.add_argument('--calib-num', type=int, default=8,
                   help='int8 (ov) modes: random calibration images')
    p.add_argument('--checkpoint', nargs='*', default=None,
                   help='one checkpoint per config (optional)')
    p.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction,
                   default=None,
                   help='overrides applied to every config (k=v)')
    p.add_argument('--out', help='write the rows as JSON')
    args = p.parse_args(argv)
    if args.fp16 and args.bf16:
        p.error('--fp16 and --bf16 exclude each other')
    if args.modes is None:
        args.modes = ['+'.join(
            ['bf16' if args.bf16 else 'fp16' if args.fp16 else 'fp32'] +
            ['cl'] * args.channels_last + ['compile'] * args.compile +
            ['fuse'] * args.fuse_conv_bn)]
    args.modes = [parse_mode(m) for m in args.modes]
    return args


def count_macs(fn, model):
    """Conv / transposed conv / linear MACs of one call ``fn()``."""
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


def mode_context(mode, device):
    """The autocast of ``mode`` on ``device`` (disabled for fp32)."""
    device_type = device.split(':')[0]
    if mode['dtype'] is None:
        return torch.autocast(device_type, enabled=False)
    return torch.autocast(device_type, dtype=getattr(torch, mode['dtype']))


def prepare(model, mode, backward):
    """``model`` in the memory layout and with the folding of ``mode``."""
    if mode['channels_last']:
        model = channels_last(model, backward=backward,
                              who=f'mode {mode["name"]} with training')
    if mode['fuse'] and not backward:
        pairs = fold_segmentor(model)
        print(f'      folded {len(pairs)} conv -> BN pairs', flush=True)
    return model


def random_input(shape, batch, device, channels_last):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, *shape, generator=g).to(device)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    return x


def deployed_step(model, shape, mode, args, workdir):
    """``inference_step`` of an ``ov`` / ``ort`` mode: the segmentor
    exported as the deployment exports it (labels out) into ``workdir``
    and opened by the deployment's runtime; int8 calibrated on
    ``--calib-num`` random images (speed only: accuracy is measured by
    ``tools/test.py --deployed`` on real data). Returns (step, None,
    one-hot logits of the labels)."""
    x = random_input(shape, 1, 'cpu', False)
    pre = model.data_preprocessor
    # the 0..255 image whose preprocessing gives the torch rows' input
    img = x * pre.std.view(1, -1, 1, 1) + pre.mean.view(1, -1, 1, 1)
    if pre.channel_conversion:
        img = img.flip(1)
    img = img.numpy()
    name = f'{len(os.listdir(workdir))}'
    if mode['runtime'] == 'ov':
        ov_model = ov_export.convert(model, shape, labels=True)
        if mode['dtype'] == 'int8':
            g = torch.Generator().manual_seed(1)
            calib = [(torch.rand(1, 3, *shape, generator=g) * 255).numpy()
                     for _ in range(args.calib_num)]
            ov_model = ov_export.quantize(ov_model, calib, args.calib_num)
        path = osp.join(workdir, name + '.xml')
        prec = 'int8' if mode['dtype'] == 'int8' else \
            'bf16' if mode['dtype'] == 'bfloat16' else 'fp32'
        ov_export.save(ov_model, make_meta(
            model, config='benchmark', checkpoint=None, input_shape=shape,
            output='labels', precision=prec), path)
    else:
        path = osp.join(workdir, name + '.onnx')
        wrapper = ExportWrapper(model, labels=True).eval()
        with torch.no_grad():
            torch.onnx.export(wrapper, (torch.from_numpy(img), ), path,
                              input_names=['img'], output_names=['labels'],
                              dynamo=True)
        write_onnx_meta(path, make_meta(
            model, config='benchmark', checkpoint=None, input_shape=shape,
            output='labels', precision='fp32'))
    runtime = open_deployed(path, num_threads=torch.get_num_threads())
    labels = torch.from_numpy(runtime(img)).long()
    onehot = F.one_hot(labels, model.decode_head.num_classes).permute(
        0, 3, 1, 2).float()

    def step():
        return seconds(lambda: runtime(img), 'cpu')
    return step, None, onehot


def inference_step(model, shape, mode, args):
    """(function timing one batch-1 forward in seconds, GMACs, the
    logits of that forward)."""
    device = args.device
    x = random_input(shape, 1, device, mode['channels_last'])
    metas = [dict(img_shape=tuple(shape), ori_shape=tuple(shape),
                  pad_shape=tuple(shape))]
    run = model.encode_decode
    if mode['compile']:
        run = torch.compile(run, mode=args.compile_mode)

    with torch.inference_mode(), mode_context(mode, device):
        macs = count_macs(lambda: model.encode_decode(x, metas), model)
        logits = model.encode_decode(x, metas).float()

    def step():
        with torch.inference_mode(), mode_context(mode, device):
            return seconds(lambda: run(x, metas), device)
    return step, macs, logits


def train_step(model, shape, mode, args):
    """A ``TimedTrainStep`` of the segmentor in ``mode``: the config's own
    ``model.loss`` (decode and auxiliary heads, samplers, loss weights) on
    a fixed random batch of ``--train-batch`` images, backward, SGD."""
    model.train()
    num_classes = model.decode_head.num_classes
    x = random_input(shape, args.train_batch, args.device,
                     mode['channels_last'])
    samples = random_seg_samples(args.train_batch, num_classes, *shape,
                                 device=args.device)
    loss_of = model.loss
    if mode['compile']:
        loss_of = torch.compile(loss_of, mode=args.compile_mode)

    def loss():
        with mode_context(mode, args.device):
            losses = loss_of(x, samples)
        return sum(v for k, v in losses.items() if 'loss' in k)
    return TimedTrainStep(model, loss, args.device, lr=1e-4)


def train_memory(model, shape, device, batch=1):
    """(kept MB per image, CUDA peak MB per image or None) of one step."""
    model.train()
    num_classes = model.decode_head.num_classes
    x = torch.randn(batch, 3, *shape, device=device)
    y = torch.randint(0, num_classes, (batch, *shape), device=device)

    def step():
        return main_logits_ce(model, x, y)

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


def _name(config):
    return osp.splitext(osp.basename(config.split('::')[-1]))[0]


def _built(config, ckpt, args):
    """A fresh eval segmentor of ``config`` with the same random weights
    in every mode (seeded; without a checkpoint initialised as training
    starts, ``init_like_training``, so that the reference predicts many
    classes), on ``--device``; its AGC layers (if any) fused as
    ``AGCFusionHook`` fuses them for training (forward values are the same
    either way)."""
    torch.manual_seed(0)
    model = build_eval_segmentor(config, ckpt, args.cfg_options)
    if ckpt is None:
        init_like_training(model)
    return fuse_agc(model.to(args.device))


def main(argv=None):
    args = parse_args(argv)

    if args.device.startswith('cuda'):
        # fixed input shape: let cuDNN pick its fastest kernels, as mmseg's
        # benchmark does with ``cudnn_benchmark=True``
        torch.backends.cudnn.benchmark = True
    ckpts = args.checkpoint or [None] * len(args.configs)
    if len(ckpts) != len(args.configs):
        raise SystemExit('error: --checkpoint needs one file per config')
    shape = tuple(args.shape)
    interleave = (not args.device.startswith('cuda')
                  if args.interleave is None else args.interleave)
    jobs = [(c, k, m) for c, k in zip(args.configs, ckpts)
            for m in args.modes]
    rows, models, steps, first_logits = [], [], [], {}
    workdir = tempfile.mkdtemp(prefix='benchmark_deployed_')
    for i, (config, ckpt, mode) in enumerate(jobs):
        name = _name(config)
        print(f'[{i + 1}/{len(jobs)}] {name} ({mode["name"]}): building',
              flush=True)
        model = _built(config, ckpt, args)
        params = sum(p.numel() for p in model.parameters())
        if mode['runtime'] == 'torch':
            model = prepare(model, mode, backward=False)
            step, macs, logits = inference_step(model, shape, mode, args)
        else:
            step, _, logits = deployed_step(model, shape, mode, args,
                                            workdir)
            macs = rows[-1]['GMACs'] * 1e9 if rows and \
                rows[-1]['config'] == name else float('nan')
        ref = first_logits.setdefault(config, logits)
        agree = (logits.argmax(1) == ref.argmax(1)).float().mean().item()
        models.append(model)
        steps.append(step)
        rows.append(dict(config=name, mode=mode['name'],
                         input=f'{shape[0]}x{shape[1]}', device=args.device,
                         params_M=params / 1e6, GMACs=macs / 1e9,
                         agree=agree * 100,
                         ref_classes=int(ref.argmax(1).unique().numel())))
    print(f'timing {args.warmup} + {args.repeats} forward passes of each '
          f'row at {shape[0]}x{shape[1]} on {args.device}, '
          f'{"taking turns" if interleave else "one row after another"}',
          flush=True)
    times = time_in_turns(steps, args.repeats, args.warmup, interleave,
                          names=[f'{r["config"]} ({r["mode"]})'
                                 for r in rows],
                          log=lambda msg: print(f'    {msg}', flush=True))
    for row, model, ts, (_, _, mode) in zip(rows, models, times, jobs):
        sec, best = summary(ts)
        row.update(ms=sec * 1e3, FPS=1.0 / sec, best_ms=best * 1e3,
                   interleaved=interleave)
        if args.train_memory:
            print(f'{row["config"]} ({row["mode"]}): one training step for '
                  'memory', flush=True)
            with mode_context(mode, args.device):
                kept, peak = train_memory(model, shape, args.device)
            row.update(train_MB_per_img=kept, peak_MB_per_img=peak)
        print(f'{row["config"]} ({row["mode"]}): {row["FPS"]:.3f} FPS, '
              f'{row["GMACs"]:.1f} GMACs', flush=True)
    del models, steps
    shutil.rmtree(workdir, ignore_errors=True)
    if args.train_speed:
        time_training(rows, jobs, args, interleave)
    for r in rows:  # against the first config in the same mode
        first = next(q for q in rows if q['mode'] == r['mode'])
        r['ratio'] = r['FPS'] / first['FPS']
    print(format_table(rows, args))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(rows, f, indent=1)
    return rows


def time_training(rows, jobs, args, interleave):
    """``train_step_ms`` / ``train_img_s`` of every row whose mode can
    train (not ``fuse``). One config at a time, its modes taking turns,
    its models freed before the next config (training models of many
    configs at once do not fit in memory)."""
    shape = tuple(args.train_shape or args.shape)
    for config in dict.fromkeys(c for c, _, _ in jobs):
        timed, steps, model = [], [], None
        for row, (cfg, ckpt, mode) in zip(rows, jobs):
            if cfg != config or mode['fuse'] or mode['runtime'] != 'torch':
                continue
            print(f'{row["config"]} ({row["mode"]}): building for training '
                  f'(batch {args.train_batch}, {shape[0]}x{shape[1]})',
                  flush=True)
            try:
                model = prepare(_built(cfg, ckpt, args), mode, backward=True)
            except RuntimeError as e:  # channels_last refused (oneDNN bug)
                print(f'    not timed: {e}', flush=True)
                row['train_note'] = str(e)
                continue
            steps.append(train_step(model, shape, mode, args))
            timed.append(row)
        times = time_in_turns(
            steps, args.repeats, args.warmup, interleave,
            names=[f'{r["config"]} ({r["mode"]}) train' for r in timed],
            log=lambda msg: print(f'    {msg}', flush=True))
        for row, step, ts in zip(timed, steps, times):
            sec, _ = summary(ts)
            row.update(train_step_ms=sec * 1e3,
                       train_img_s=args.train_batch / sec,
                       train_shape=f'{shape[0]}x{shape[1]}',
                       train_batch=args.train_batch,
                       train_kept_MB=step.kept)
        del steps, timed, model
        gc.collect()


def cpu_flags():
    """The CPU's bf16-relevant ISA, for the table's footnote."""
    return (f'{torch.backends.cpu.get_cpu_capability()}, '
            f'native bf16: {cpu_bf16_isa() or "none"}')


def format_table(rows, args):
    head = ['config', 'mode', 'input', 'FPS', 'x first', 'ms', 'best ms',
            'agree %', 'ref classes', 'params (M)', 'GMACs']
    if args.train_memory:
        head += ['train MB/img', 'peak MB/img']
    if args.train_speed:
        head += ['train step ms', 'train img/s']
    lines = ['| ' + ' | '.join(head) + ' |',
             '|' + '---|' * len(head)]
    for r in rows:
        cells = [r['config'], r['mode'], r['input'], f'{r["FPS"]:.3f}',
                 f'{r["ratio"]:.2f}', f'{r["ms"]:.1f}', f'{r["best_ms"]:.1f}',
                 f'{r["agree"]:.1f}', str(r['ref_classes']),
                 f'{r["params_M"]:.2f}',
                 f'{r["GMACs"]:.1f}']
        if args.train_memory:
            peak = r['peak_MB_per_img']
            cells += [f'{r["train_MB_per_img"]:.0f}',
                      '-' if peak is None else f'{peak:.0f}']
        if args.train_speed:
            ms = r.get('train_step_ms')
            cells += ['-', '-'] if ms is None else [
                f'{ms:.0f}', f'{r["train_img_s"]:.2f}']
        lines.append('| ' + ' | '.join(cells) + ' |')
    extras = ', '.join(filter(None, [
        f'torch.compile({args.compile_mode or "default"})'
        if any(m['compile'] for m in args.modes) else '',
        'cudnn.benchmark' if args.device.startswith('cuda') else '']))
    order = ('rows taking turns' if rows and rows[0]['interleaved']
             else 'one row after another')
    train = (f'; training: batch {args.train_batch} at '
             f'{rows[0].get("train_shape", "")}, median of {args.repeats} '
             'steps' if args.train_speed else '')
    lines.append(
        f'(batch 1, {args.device}{", " + extras if extras else ""}, median '
        f'and best of {args.repeats} after {args.warmup} warm-up, {order}; '
        'x first: against the first config in the same mode; agree: argmax '
        'agreement with the same config\'s first mode (same random weights, '
        'initialised as training starts; ref classes: the classes that mode '
        'predicts)'
        f'{train}; {malloc_note()}; torch {__import__("torch").__version__}, '
        f'{__import__("torch").get_num_threads()} threads, {cpu_flags()})')
    return '\n'.join(lines)


if __name__ == '__main__':
    from mmseg_multipath.analysis.fair_timing import reexec_with_steady_malloc
    reexec_with_steady_malloc()  # no page faults in the timed passes
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
