"""Training-step time and memory: our SeqConv vs the reference loop vs ResNet.

Usage::

    python tools/analysis_tools/benchmark_seqconv.py [--steps 3]
        [--warmup 1] [--device cpu] [--settings imagenet cifar] [--batch N]
        [--channels-last] [--compile] [--[no-]interleave] [--profile]
        [--layers]
        [--out table.json]

One run, same machine, two settings: ImageNet SeqResNet-B22
(1000 classes) at batch 8 x 224x224, and CIFAR SeqResNet-B (k=16, r=7,
N=1; 10 classes) at batch 64 x 32x32. Each model is timed for full training
steps (forward, cross entropy, backward, SGD step; median of ``--steps``
after ``--warmup`` untimed steps) in three forms:

* ``ours``: ``SeqConvLayer(impl='push')``, the default;
* ``reference``: the same weights with ``impl='reference'`` (the official
  loop that concatenates every window);
* ``resnet50``: torchvision's ResNet-50 (the paper's comparison).

Fair timing on a shared CPU (``mmseg_multipath/analysis/fair_timing.py``):
the timed steps of the three forms take turns in short blocks
(``--interleave``, the default on the CPU), since a shared machine's speed
drifts by 20% or more for stretches of seconds; and on Linux the tool
re-runs itself with glibc malloc tunables that keep freed memory, since
otherwise every step page-faults its large tensors in again (0.2 s of
kernel time per B22 step). Set ``GLIBC_TUNABLES`` yourself, even to
nothing, to keep your own. Every step's time is printed; the table gives
the median and the best step (contention only ever slows a step down).

Memory: ``kept MB`` is what the autograd graph keeps for backward
(distinct storages, parameters excluded; the same on any device); on CUDA
also ``peak MB`` from ``torch.cuda.max_memory_allocated``.

``--layers`` times every SeqConv layer of SeqResNet-B22 alone instead
(forward + backward at the shapes it sees in the model, ours against the
reference loop): where the whole-model ratio comes from.

``--profile`` adds, per model, the operators of one extra training step
that took the most time (torch.profiler, self time): where the step goes,
e.g. convolutions against the reference loop's window copies.
"""
import argparse
import json

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch.profiler import ProfilerActivity, profile

from mmseg_multipath.analysis.fair_timing import (TimedTrainStep, malloc_note,
                                                  seconds, summary,
                                                  time_in_turns)
from mmseg_multipath.models.backbones import SeqResNet
from mmseg_multipath.models.backbones.seq_resnet import StemSeqConv
from mmseg_multipath.models.layers import SeqConvLayer


def classifier(arch, classes, impl='push'):
    net = SeqResNet(arch, out_indices=(len(SeqResNet(arch).stages) - 1, ),
                    with_blender=True)
    net.init_weights()
    for m in net.modules():
        if isinstance(m, SeqConvLayer):
            m.impl = impl

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone = net
            self.fc = nn.Linear(net.widths[-1], classes)

        def forward(self, x):
            return self.fc(self.backbone(x)[0].mean((2, 3)))
    return Classifier()


def resnet50(classes):
    return torchvision.models.resnet50(num_classes=classes)


def train_step(model, batch, size, classes, device, channels_last=False,
               compile=False):
    """A ``TimedTrainStep`` of ``model``: forward, cross entropy, backward
    and SGD on a fixed random batch; ``compile``: the forward through
    ``torch.compile(model, dynamic=False)`` (compiled in the first step)."""
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(device, memory_format=fmt).train()
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, size, size, generator=g).to(
        device, memory_format=fmt)
    y = torch.randint(0, classes, (batch, ), generator=g).to(device)
    fwd = torch.compile(model, dynamic=False) if compile else model
    return TimedTrainStep(model, lambda: F.cross_entropy(fwd(x), y),
                          device)


def layer_rows(arch, batch, size, steps, warmup, interleave, device,
               channels_last=False):
    """Forward + backward of every SeqConv layer of ``arch`` alone, ours
    against the reference loop, at the input shapes the layer sees in the
    model (random inputs and upstream gradients; norms in training mode).
    Where the whole-model ratio comes from."""
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    net = classifier(arch, 10).backbone
    seen = {}

    def record(name):
        def hook(module, args, kwargs):
            if isinstance(module, StemSeqConv):  # (raw, act, keep_raw)
                seen[name] = (args[1].shape, False)
                return
            sc = args[1] if len(args) > 1 else kwargs.get('shortcut')
            seen[name] = (args[0].shape, sc is not None)
        return hook
    hooks = [m.register_forward_pre_hook(record(name), with_kwargs=True)
             for name, m in net.named_modules() if isinstance(m, SeqConvLayer)]
    with torch.no_grad():
        net(torch.randn(1, 3, size, size))
    for h in hooks:
        h.remove()
    rows = []
    for name, (shape, with_sc) in seen.items():
        layer = net.get_submodule(name).to(device, memory_format=fmt).train()
        shape = (batch, *shape[1:])
        g = torch.Generator().manual_seed(0)

        def tensor(channels):
            return torch.randn(batch, channels, *shape[2:], generator=g).to(
                device, memory_format=fmt).requires_grad_()
        x = tensor(shape[1])
        sc = tensor(layer.out_channels) if with_sc else None
        gr, ga = (torch.randn(batch, layer.out_channels, *shape[2:],
                              generator=g).to(device, memory_format=fmt)
                  for _ in range(2))

        def step(impl, layer=layer, x=x, sc=sc, gr=gr, ga=ga):
            def run():
                layer.impl = impl
                # the layer's own interface (the stem's forward takes the
                # backbone's streams)
                torch.autograd.backward(SeqConvLayer.forward(layer, x, sc),
                                        (gr, ga))
            return lambda: seconds(run, device)
        ours, ref = time_in_turns([step('push'), step('reference')], steps,
                                  warmup, interleave)
        layer.impl = 'push'
        (o_med, o_best), (r_med, r_best) = summary(ours), summary(ref)
        rows.append(dict(layer=name, input=tuple(shape), k=layer.k,
                         groups=layer.g, window=layer.windowed,
                         shortcut=with_sc, ours_ms=o_med * 1e3,
                         reference_ms=r_med * 1e3,
                         ours_best_ms=o_best * 1e3,
                         reference_best_ms=r_best * 1e3))
        print(f'    {name}: ours {o_med * 1e3:.1f} ms, reference '
              f'{r_med * 1e3:.1f} ms', flush=True)
    return rows


def profile_step(step, device, rows=12):
    """Table of the operators of one more call of ``step`` (a
    ``TimedTrainStep``: the same batch, compiled forward if it was), by
    self time."""
    acts = [ProfilerActivity.CPU] + (
        [ProfilerActivity.CUDA] if device.startswith('cuda') else [])
    with profile(activities=acts) as prof:
        step()  # synchronises CUDA itself
    key = ('self_cuda_time_total' if device.startswith('cuda') else
           'self_cpu_time_total')
    return prof.key_averages().table(sort_by=key, row_limit=rows,
                                     max_name_column_width=48)


def finish(rows, args, interleave, what):
    """The table's footnote (how it was measured), then ``--out``."""
    print(f'({what}, {args.device}'
          f'{", channels_last" if args.channels_last else ""}'
          f'{", torch.compile" if args.compile else ""}'
          f', torch '
          f'{torch.__version__}, {torch.get_num_threads()} threads, '
          f'median and best of {args.steps} after {args.warmup} warm-up, '
          f'{"interleaved" if interleave else "one form after another"}, '
          f'{malloc_note()}; "x reference" = speed-up)')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(rows, f, indent=1)
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--steps', type=int, default=3)
    p.add_argument('--warmup', type=int, default=1,
                   help='untimed steps first (oneDNN/cuDNN pick and cache '
                   'kernels for every new shape in the first steps)')
    p.add_argument('--device', default='cpu')
    p.add_argument('--settings', nargs='*', default=['imagenet', 'cifar'],
                   choices=['imagenet', 'cifar'])
    p.add_argument('--batch', type=int,
                   help='batch size of every setting (default: 8 for '
                   'imagenet, 64 for cifar)')
    p.add_argument('--profile', action='store_true',
                   help='print the top operators of one more step')
    p.add_argument('--channels-last', action='store_true',
                   help='models and input in channels_last memory format')
    p.add_argument('--compile', action='store_true',
                   help='every form through torch.compile (inductor, '
                   'static shapes; compiled during the first warm-up '
                   'step, a minute or more per model on a small CPU)')
    p.add_argument('--interleave', action=argparse.BooleanOptionalAction,
                   default=None,
                   help='timed steps of the three forms take turns '
                   '(default: on for the CPU, off for CUDA, where it '
                   'would mix the models in the peak memory)')
    p.add_argument('--layers', action='store_true',
                   help='instead: every SeqConv layer of SeqResNet-B22 '
                   'alone (forward + backward at batch 8 x 224x224), ours '
                   'vs the reference loop')
    p.add_argument('--out')
    args = p.parse_args(argv)
    if args.compile and args.layers:
        p.error('--compile times whole training steps; it does not apply '
                'to --layers')

    if args.device.startswith('cuda'):
        torch.backends.cudnn.benchmark = True  # fixed shapes
    settings = dict(
        imagenet=('SeqResNet-B22', 'B22', 1000, 8, 224),
        cifar=('SeqResNet-B k16 r7 N1', dict(k=16, r=7, N=1,
                                             bottleneck=True), 10, 64, 32))
    interleave = (not args.device.startswith('cuda')
                  if args.interleave is None else args.interleave)
    if args.layers:
        print(f'SeqResNet-B22, every SeqConv layer alone: {args.warmup} + '
              f'{args.steps} forward + backward passes at batch 8 x '
              f'224x224 on {args.device}', flush=True)
        rows = layer_rows('B22', 8, 224, args.steps, args.warmup,
                          interleave, args.device, args.channels_last)
        print('| layer | input | k | groups | window | shortcut | ours ms | '
              'reference ms | x reference | best: x reference |')
        print('|---|---|---|---|---|---|---|---|---|---|')
        for r in rows:
            print(f'| {r["layer"]} | {"x".join(map(str, r["input"]))} | '
                  f'{r["k"]} | {r["groups"]} | '
                  f'{"C_in" if r["window"] else "dense"} | '
                  f'{"yes" if r["shortcut"] else "no"} | '
                  f'{r["ours_ms"]:.1f} | {r["reference_ms"]:.1f} | '
                  f'{r["reference_ms"] / r["ours_ms"]:.2f} | '
                  f'{r["reference_best_ms"] / r["ours_best_ms"]:.2f} |')
        tot_o = sum(r['ours_ms'] for r in rows)
        tot_r = sum(r['reference_ms'] for r in rows)
        print(f'| all SeqConv layers | | | | | | {tot_o:.1f} | {tot_r:.1f} | '
              f'{tot_r / tot_o:.2f} | |')
        return finish(rows, args, interleave, 'forward + backward')
    rows = []
    for key in args.settings:
        name, arch, classes, batch, size = settings[key]
        batch = args.batch or batch
        forms = ('ours', 'reference', 'resnet50')
        steps = []
        for form in forms:
            torch.manual_seed(0)
            model = (resnet50(classes) if form == 'resnet50' else
                     classifier(arch, classes,
                                'push' if form == 'ours' else 'reference'))
            steps.append(train_step(model, batch, size, classes,
                                    args.device, args.channels_last,
                                    args.compile))
        print(f'{name}: {", ".join(forms)}, {args.warmup} + {args.steps} '
              f'training steps each at batch {batch} x {size}x{size} on '
              f'{args.device}'
              f'{" (channels_last)" if args.channels_last else ""}'
              f'{" (torch.compile)" if args.compile else ""}, '
              f'{"interleaved" if interleave else "one form after another"}',
              flush=True)
        times = time_in_turns(
            steps, args.steps, args.warmup, interleave, names=forms,
            log=lambda msg: print(f'    {msg}', flush=True))
        for form, t, ts in zip(forms, steps, times):
            sec, best = summary(ts)
            rows.append(dict(setting=name, form=form, batch=batch, size=size,
                             step_s=sec, best_s=best,
                             kept_MB=t.kept, peak_MB=t.peak,
                             channels_last=args.channels_last,
                             interleaved=interleave))
            print(f'    {form}: {sec:.3f} s/step (steps: '
                  f'{" ".join(f"{v:.3f}" for v in ts)}), '
                  f'{t.kept:.0f} MB kept', flush=True)
            if args.profile:
                print(f'{name} / {form}, one more step:', flush=True)
                print(profile_step(t, args.device), flush=True)
        del steps
    print('| model | input | implementation | s/step | x reference | '
          'best s/step | x reference, best | kept MB | / reference | '
          'peak MB |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    for r in rows:
        ref = next(q for q in rows if q['setting'] == r['setting']
                   and q['form'] == 'reference')
        peak = '-' if r['peak_MB'] is None else f'{r["peak_MB"]:.0f}'
        print(f'| {r["setting"]} | {r["batch"]} x {r["size"]}x{r["size"]} '
              f'| {r["form"]} | {r["step_s"]:.3f} | '
              f'{ref["step_s"] / r["step_s"]:.2f} | {r["best_s"]:.3f} | '
              f'{ref["best_s"] / r["best_s"]:.2f} | {r["kept_MB"]:.0f} | '
              f'{r["kept_MB"] / ref["kept_MB"]:.2f} | {peak} |')
    return finish(rows, args, interleave, 'training steps')


if __name__ == '__main__':
    from mmseg_multipath.analysis.fair_timing import reexec_with_steady_malloc
    reexec_with_steady_malloc()  # no page faults in the timed steps
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
