"""Training-step time and memory: our SeqConv vs the reference loop vs ResNet.

Usage::

    python tools/analysis_tools/benchmark_seqconv.py [--steps 3]
        [--device cpu] [--settings imagenet cifar] [--profile]
        [--out table.json]

One run, same machine, two settings (the issue's): ImageNet SeqResNet-B22
(1000 classes) at batch 8 x 224x224, and CIFAR SeqResNet-B (k=16, r=7,
N=1; 10 classes) at batch 64 x 32x32. Each model is timed for full training
steps (forward, cross entropy, backward, SGD step; median of ``--steps``
after ``--warmup`` untimed steps) in three forms:

* ``ours``: ``SeqConv(impl='push')``, the default;
* ``reference``: the same weights with ``impl='reference'`` (the official
  loop that concatenates every window);
* ``resnet50``: torchvision's ResNet-50 (the paper's comparison).

Memory: ``kept MB`` is what the autograd graph keeps for backward
(distinct storages, parameters excluded; the same on any device); on CUDA
also ``peak MB`` from ``torch.cuda.max_memory_allocated``.

``--profile`` adds, per model, the operators of one extra training step
that took the most time (torch.profiler, self time): where the step goes,
e.g. convolutions against the reference loop's window copies.
"""
import argparse
import json
import os.path as osp
import statistics
import sys
import time

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, ROOT)


def classifier(arch, classes, impl='push'):
    import torch.nn as nn

    from mmseg_multipath.models.backbones import SeqResNet
    from mmseg_multipath.models.layers import SeqConv
    net = SeqResNet(arch, out_indices=(len(SeqResNet(arch).stages) - 1, ),
                    with_blender=True)
    net.init_weights()
    for m in net.modules():
        if isinstance(m, SeqConv):
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
    import torchvision
    return torchvision.models.resnet50(num_classes=classes)


def bench(model, batch, size, classes, steps, device, warmup=1):
    import torch
    import torch.nn.functional as F

    from mmseg_multipath.utils.autograd_memory import saved_tensor_bytes
    model = model.to(device).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, size, size, generator=g).to(device)
    y = torch.randint(0, classes, (batch, ), generator=g).to(device)
    times, kept, peak = [], 0, None
    for i in range(steps + warmup):
        if device.startswith('cuda'):
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(x), y)
        if i == 0:
            kept = saved_tensor_bytes(loss)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if device.startswith('cuda'):
            torch.cuda.synchronize()
            peak = torch.cuda.max_memory_allocated() / 2**20
        if i >= warmup:
            times.append(time.perf_counter() - t0)
    return statistics.median(times), kept / 2**20, peak


def profile_step(model, batch, size, classes, device, rows=12):
    """Table of the operators of one training step, by self time."""
    import torch
    import torch.nn.functional as F
    from torch.profiler import ProfilerActivity, profile
    x = torch.randn(batch, 3, size, size, device=device)
    y = torch.randint(0, classes, (batch, ), device=device)
    acts = [ProfilerActivity.CPU] + (
        [ProfilerActivity.CUDA] if device.startswith('cuda') else [])
    with profile(activities=acts) as prof:
        F.cross_entropy(model(x), y).backward()
        if device.startswith('cuda'):
            torch.cuda.synchronize()
    key = ('self_cuda_time_total' if device.startswith('cuda') else
           'self_cpu_time_total')
    return prof.key_averages().table(sort_by=key, row_limit=rows,
                                     max_name_column_width=48)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--steps', type=int, default=3)
    p.add_argument('--warmup', type=int, default=1,
                   help='untimed steps first (oneDNN/cuDNN pick and cache '
                   'kernels for every new shape in the first steps)')
    p.add_argument('--device', default='cpu')
    p.add_argument('--settings', nargs='*', default=['imagenet', 'cifar'],
                   choices=['imagenet', 'cifar'])
    p.add_argument('--profile', action='store_true',
                   help='print the top operators of one more step')
    p.add_argument('--out')
    args = p.parse_args(argv)
    import torch
    if args.device.startswith('cuda'):
        torch.backends.cudnn.benchmark = True  # fixed shapes
    settings = dict(
        imagenet=('SeqResNet-B22', 'B22', 1000, 8, 224),
        cifar=('SeqResNet-B k16 r7 N1', dict(k=16, r=7, N=1,
                                              bottleneck=True), 10, 64, 32))
    rows = []
    for key in args.settings:
        name, arch, classes, batch, size = settings[key]
        for form in ('ours', 'reference', 'resnet50'):
            print(f'{name} / {form}: {args.warmup} + {args.steps} training '
                  f'steps at '
                  f'batch {batch} x {size}x{size} on {args.device}',
                  flush=True)
            torch.manual_seed(0)
            model = (resnet50(classes) if form == 'resnet50' else
                     classifier(arch, classes,
                                'push' if form == 'ours' else 'reference'))
            sec, kept, peak = bench(model, batch, size, classes, args.steps,
                                    args.device, args.warmup)
            rows.append(dict(setting=name, form=form, batch=batch, size=size,
                             step_s=sec, kept_MB=kept, peak_MB=peak))
            print(f'    {sec:.3f} s/step, {kept:.0f} MB kept', flush=True)
            if args.profile:
                print(profile_step(model, batch, size, classes, args.device),
                      flush=True)
    print('| model | input | implementation | s/step | x reference | '
          'kept MB | / reference | peak MB |')
    print('|---|---|---|---|---|---|---|---|')
    for r in rows:
        ref = next(q for q in rows if q['setting'] == r['setting']
                   and q['form'] == 'reference')
        peak = '-' if r['peak_MB'] is None else f'{r["peak_MB"]:.0f}'
        print(f'| {r["setting"]} | {r["batch"]} x {r["size"]}x{r["size"]} '
              f'| {r["form"]} | {r["step_s"]:.3f} | '
              f'{ref["step_s"] / r["step_s"]:.2f} | {r["kept_MB"]:.0f} | '
              f'{r["kept_MB"] / ref["kept_MB"]:.2f} | {peak} |')
    print(f'(training steps, {args.device}, torch {torch.__version__}, '
          f'{torch.get_num_threads()} threads; "x reference" = speed-up)')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(rows, f, indent=1)
    return rows


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
