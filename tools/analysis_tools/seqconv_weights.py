"""Heat maps of how SeqConv groups use their windows (the paper's Fig. 5).

Usage::

    python tools/analysis_tools/seqconv_weights.py CHECKPOINT
        [--layers REGEX ...] [--max-layers 8] [-o seqconv_weights.png]

For every SeqConv layer in the checkpoint (found by its
``...groups_.{i}.conv.weight`` keys; choose with ``--layers``, regular
expressions on the layer name), the window weights of group i are split
into the entries of the sequence S = [x chunks, a_0, a_1, ...] that its
window covers, and the mean absolute weight per entry is drawn: row = the
group (target), column = the sequence entry (source: the layer input's
k-channel chunks, then the earlier groups' outputs). Empty cells are
entries outside the window. Each row is normalised by its maximum, as in
the paper, so rows compare the *preference* of a group. Works for dense,
windowed and bottleneck layers (the window op is the bottleneck's 1x1).
"""
import argparse
import math
import os.path as osp
import re
from collections import defaultdict

import torch
from mmengine.runner import CheckpointLoader

import mmseg_multipath  # noqa: F401  (safe checkpoint loading)

KEY = re.compile(r'^(.*)\.groups_\.(\d+)\.conv\.weight$')


def find_layers(state):
    """{layer name: [window weight of group 0, 1, ...]}."""
    layers = defaultdict(dict)
    for key, value in state.items():
        m = KEY.match(key)
        if m:
            layers[m.group(1)][int(m.group(2))] = value
    return {name: [groups[i] for i in sorted(groups)]
            for name, groups in layers.items()}


def usage_matrix(weights):
    """(rows = groups, cols = sequence entries) mean |w|, NaN outside."""
    k = weights[0].shape[0]
    c_in = weights[0].shape[1]
    windowed = all(w.shape[1] == c_in for w in weights)
    n_x = math.ceil(c_in / k)
    g = len(weights)
    mat = torch.full((g, n_x + g), float('nan'))
    for i, w in enumerate(weights):
        start = i * k if windowed else 0
        a = w.detach().abs().float().mean(dim=(0, 2, 3))  # per input ch.
        for off in range(0, w.shape[1], k):
            col = (start + off) // k
            mat[i, col] = a[off:off + k].mean()
        row = mat[i]
        mat[i] = row / row[~row.isnan()].max()
    return mat, n_x, windowed


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('checkpoint')
    p.add_argument('--layers', nargs='*', help='regexes on layer names')
    p.add_argument('--max-layers', type=int, default=8)
    p.add_argument('-o', '--out', default='seqconv_weights.png')
    args = p.parse_args(argv)
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint "{args.checkpoint}" does not '
                                'exist')

    ckpt = CheckpointLoader.load_checkpoint(args.checkpoint,
                                            map_location='cpu')
    state = ckpt.get('state_dict', ckpt)
    layers = find_layers(state)
    if args.layers:
        layers = {n: w for n, w in layers.items()
                  if any(re.search(r, n) for r in args.layers)}
    if not layers:
        raise ValueError(f'{args.checkpoint}: no SeqConv layers'
                         + (f' matching {args.layers}' if args.layers else
                            ' (keys "*.groups_.<i>.conv.weight")'))
    names = list(layers)[:args.max_layers]
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    cols = min(4, len(names))
    rows = math.ceil(len(names) / cols)
    # constrained layout keeps the two-line titles clear of the x labels
    # of the row above (and of the colour bar)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3.6 * rows),
                             squeeze=False, layout='constrained')
    for ax in axes.flat[len(names):]:
        ax.axis('off')
    for ax, name in zip(axes.flat, names):
        mat, n_x, windowed = usage_matrix(layers[name])
        im = ax.imshow(mat.numpy(), cmap='viridis', vmin=0, vmax=1,
                       aspect='auto')
        ax.axvline(n_x - 0.5, color='w', lw=1)
        ax.set_title(f'{name}\n({"windowed" if windowed else "dense"}, '
                     f'k={layers[name][0].shape[0]})', fontsize=7)
        ax.set_xlabel('source: input chunks | group outputs', fontsize=7)
        ax.set_ylabel('group', fontsize=7)
        ax.tick_params(labelsize=6)
        print(f'{name}: {mat.shape[0]} groups x {mat.shape[1]} sources')
    fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.6,
                 label='mean |w| (row-normalised)')
    fig.savefig(args.out, dpi=120)
    plt.close(fig)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
