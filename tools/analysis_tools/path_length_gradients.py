"""Gradient norm at the input vs path length k ("Wider or Deeper" Fig. 4).

Usage::

    python tools/analysis_tools/path_length_gradients.py CONFIG [CHECKPOINT]
        [--shape 128 128] [--batch 4] [--samples 10] [--lengths 0 1 2 ...]
        [--train-mode] [--cfg-options k=v ...] [-o OUT.png]

For the segmentor of CONFIG (random weights unless CHECKPOINT is given): one
batch goes forward; then, for every path length k (default: all of 0..n for
the n residual units of the model, backbone and heads), ``--samples`` random
sets of k units pass gradient only through their residual branches while the
other units pass it only through their shortcuts, and the norm of the
gradient at the input image, divided by the batch size, is recorded (see
``mmseg_multipath.analysis.residual_paths``). The loss is the pixel-wise cross
entropy of the decode head's logits against random labels (no data set is
needed; the gradient's size, not its direction, is what the figure shows).

Input: images of the data set's mean and std (``--img`` loads real images
instead). Writes OUT.png (mean and spread per k, log scale) and OUT.json.
Works for WiderResNet, SeqResNet, ActResNet, ShelfNet's S-Blocks (the
toolbox's residual units join through ``ResidualAdd`` modules, which the
tool hooks) and mmseg's ResNet (BasicBlock/Bottleneck).
"""
import argparse
import json
import os.path as osp

import mmcv
import torch
import torch.nn.functional as F

import mmseg_multipath  # noqa: F401
from mmseg_multipath.analysis.residual_paths import (PathGate,
                                                     path_gradient_norms)
from mmseg_multipath.apis import build_eval_segmentor
from mmseg_multipath.models.decode_heads import main_logits
from mmseg_multipath.utils.cli import CfgOptionsAction


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('checkpoint', nargs='?')
    p.add_argument('--shape', type=int, nargs=2, default=[128, 128])
    p.add_argument('--batch', type=int, default=4)
    p.add_argument('--samples', type=int, default=10)
    p.add_argument('--lengths', type=int, nargs='*')
    p.add_argument('--img', nargs='*', help='real images for the batch')
    p.add_argument('--train-mode', action='store_true',
                   help='BN batch statistics and dropout, as in training')
    p.add_argument('--whole-model', action='store_true',
                   help='gate the heads\' residual blocks too')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction,
                   default=None)
    p.add_argument('-o', '--out', default='path_length_gradients.png')
    return p.parse_args(argv)


def load_batch(args, model):
    if not args.img:
        g = torch.Generator().manual_seed(args.seed)
        return torch.randn(args.batch, 3, *args.shape, generator=g)
    imgs = []
    for path in args.img:
        img = mmcv.imread(path)
        if img is None:
            raise ValueError(f'cannot read image "{path}"')
        img = mmcv.imresize(img, tuple(args.shape[::-1]))
        imgs.append(torch.from_numpy(img).permute(2, 0, 1))
    data = model.data_preprocessor(dict(inputs=imgs), False)
    return data['inputs'].float()


def main(argv=None):
    args = parse_args(argv)

    model = build_eval_segmentor(args.config, args.checkpoint,
                                 args.cfg_options)
    model.train(args.train_mode)
    # the backbone's units: the paper's question is about the feature
    # extractor (``--whole-model`` adds the heads' residual blocks)
    gate = PathGate(model if args.whole_model else model.backbone)
    n = len(gate.units)
    lengths = args.lengths if args.lengths else list(range(n + 1))
    x = load_batch(args, model)
    print(f'{n} residual units; lengths {lengths[0]}..{lengths[-1]}, '
          f'{args.samples} paths each, batch {x.shape[0]} at '
          f'{x.shape[2]}x{x.shape[3]}', flush=True)
    g = torch.Generator().manual_seed(args.seed + 1)
    num_classes = model.decode_head.num_classes
    labels = None

    def forward(inp):
        return main_logits(model.decode_head(model.extract_feat(inp)))

    def loss_fn(logits):
        nonlocal labels
        if labels is None:
            labels = torch.randint(0, num_classes,
                                   (logits.shape[0], *logits.shape[2:]),
                                   generator=g)
        return F.cross_entropy(logits, labels)

    res = path_gradient_norms(forward, gate, x, loss_fn, lengths,
                              args.samples, args.seed)
    gate.remove()
    rows = []
    for k, norms in res.items():
        t = torch.tensor(norms)
        rows.append(dict(k=k, mean=t.mean().item(), std=t.std().item()
                         if len(norms) > 1 else 0.0, norms=norms))
        print(f'k={k:3d}  |grad| / batch = {rows[-1]["mean"]:.3e}',
              flush=True)
    out = args.out
    with open(osp.splitext(out)[0] + '.json', 'w') as f:
        json.dump(dict(config=args.config, checkpoint=args.checkpoint,
                       units=[name for name, _ in gate.units], rows=rows), f,
                  indent=1)
    plot(rows, out, osp.basename(args.config), n)
    print(f'wrote {out}')
    return rows


def plot(rows, out, title, n):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    ks = [r['k'] for r in rows]
    means = [r['mean'] for r in rows]
    stds = [r['std'] for r in rows]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.errorbar(ks, means, yerr=stds, fmt='o-', ms=3, capsize=2)
    ax.set_yscale('log')
    ax.set_xlabel(f'path length k (of {n} residual units)')
    ax.set_ylabel('gradient norm at input / batch size')
    ax.set_title(title, fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
