"""Which paths a trained ChoiceNet uses (the paper's Table 5 figure).

Usage::

    python tools/analysis_tools/choicenet_paths.py CHECKPOINT
        [--config CONFIG] [--threshold 0.4] [-o choicenet_paths.png]

A ChoiceNet module concatenates seven pieces: E (the 1x1 output), and per
chain (3x3, 5x5, 7x7) its output with and without the skips. With shared
chain convolutions, the with/without-skip choice is visible only in the
weights that *read* the module's output, so a piece's contribution is the
mean absolute weight that the module's consumers put on the piece's
channels (the next modules' 1x1 bottlenecks, the transition after the
max+avg pooling, the U-Net decoder block that takes the skip, the
up-sampling conv or the head's first conv, the classifier). Each module's
seven values are normalised to [0, 1] by their maximum, as the paper does,
and drawn as a heat map with the cells at or above ``--threshold`` (0.4,
the paper's) outlined. Works for ``ChoiceNet`` (mmpretrain classifier) and
``ChoiceUNet`` (mmseg segmentor). The config comes from the checkpoint's
``meta.cfg`` (mmengine writes it) unless ``--config`` is given.
"""
import argparse
import os.path as osp

import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import CheckpointLoader, load_checkpoint
from mmpretrain.registry import MODELS as PRETRAIN_MODELS
from mmseg.registry import MODELS as SEG_MODELS

import mmseg_multipath  # noqa: F401
from mmseg_multipath.models.backbones import ChoiceNet, ChoiceUNet


def _first_conv(module):
    for m in module.modules():
        if isinstance(m, nn.ConvTranspose2d):
            return m.weight.transpose(0, 1)  # (in, out, ...) -> (out, in)
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            return m.weight
    raise ValueError(f'no conv in {type(module).__name__}')


def consumers(model):
    """[(module name, ChoiceModule, [(weight, input channel offset)])]."""
    backbone = getattr(model, 'backbone', model)
    out = []
    if isinstance(backbone, ChoiceNet):
        fc = getattr(getattr(model, 'head', None), 'fc', None)
        for b, block in enumerate(backbone.blocks):
            mods = list(block.choice_modules)
            c = mods[0].out_channels
            for i, m in enumerate(mods):
                cons = []
                if i + 1 < len(mods):
                    cons.append((_first_conv(mods[i + 1]), 0))
                if i + 2 < len(mods):
                    cons.append((_first_conv(mods[i + 2]), c))
                if i + 1 == len(mods):
                    if b + 1 < len(backbone.blocks):
                        w = _first_conv(backbone.transitions[b])
                        cons += [(w, 0), (w, c)]  # max and avg halves
                    elif fc is not None:
                        cons.append((fc.weight, 0))
                out.append((f'block{b + 1}.module{i + 1}', m, cons))
        return out
    if isinstance(backbone, ChoiceUNet):
        if backbone.block_type != 'choice':
            raise ValueError('this ChoiceUNet uses '
                             f'"{backbone.block_type}" blocks, not ChoiceNet '
                             'modules: there are no paths to show')
        enc, dec, ups = backbone.encoder, backbone.decoder, backbone.ups
        n = len(enc)
        for i, m in enumerate(enc):
            cons = []
            if i + 1 < n:
                w = _first_conv(enc[i + 1])
                cons.append((w, 0))
                if w.shape[1] == 2 * m.out_channels:  # max + avg pooling
                    cons.append((w, m.out_channels))
                cons.append((_first_conv(dec[n - 2 - i]), 0))  # the skip
            else:
                cons.append((_first_conv(ups[0]), 0))
            out.append((f'encoder{i + 1}', m, cons))
        head = getattr(model, 'decode_head', None)
        for j, m in enumerate(dec):
            if j + 1 < len(dec):
                cons = [(_first_conv(ups[j + 1]), 0)]
            else:
                cons = [(_first_conv(head), 0)] if head is not None else []
            out.append((f'decoder{j + 1}', m, cons))
        return out
    raise ValueError(f'{type(backbone).__name__} is not a ChoiceNet or '
                     'ChoiceUNet')


def path_table(model):
    """(module names, path names, values[modules][paths] in [0, 1])."""
    names, table, paths = [], [], None
    for name, module, cons in consumers(model):
        if not cons:
            continue
        paths = module.paths()
        vals = torch.zeros(len(paths))
        for w, offset in cons:
            a = w.detach().abs().float()
            a = a.mean(dim=tuple(d for d in range(a.dim()) if d != 1))
            for p, (lo, hi) in enumerate(module.path_slices()):
                vals[p] += a[offset + lo:offset + hi].mean()
        names.append(name)
        table.append((vals / vals.max()).tolist())
    return names, paths, table


def load(checkpoint, config=None):
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint "{checkpoint}" does not exist')
    if config:
        cfg = Config.fromfile(config)
    else:
        meta = CheckpointLoader.load_checkpoint(
            checkpoint, map_location='cpu').get('meta', {})
        if 'cfg' not in meta:
            raise ValueError(f'{checkpoint} holds no config (meta.cfg): '
                             'pass --config')
        cfg = Config.fromstring(meta['cfg'], '.py')
    scope = cfg.get('default_scope', 'mmseg')
    init_default_scope(scope)
    registry = PRETRAIN_MODELS if scope == 'mmpretrain' else SEG_MODELS
    model = registry.build(cfg.model)
    load_checkpoint(model, checkpoint, map_location='cpu')
    return model


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('checkpoint')
    p.add_argument('--config')
    p.add_argument('--threshold', type=float, default=0.4)
    p.add_argument('-o', '--out', default='choicenet_paths.png')
    args = p.parse_args(argv)
    model = load(args.checkpoint, args.config)
    names, paths, table = path_table(model)
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(names) + 1.8))
    im = ax.imshow(table, cmap='Reds', vmin=0, vmax=1, aspect='auto')
    for r, row in enumerate(table):
        for c, v in enumerate(row):
            ax.text(c, r, f'{v:.2f}', ha='center', va='center', fontsize=6)
            if v >= args.threshold:
                ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False,
                                       lw=1.5, ec='k'))
    ax.set_xticks(range(len(paths)), paths, rotation=35, ha='right',
                  fontsize=7)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.set_title(f'path contribution (outlined: >= {args.threshold})',
                 fontsize=8)
    fig.colorbar(im, ax=ax, shrink=0.8)
    fig.tight_layout()
    fig.savefig(args.out, dpi=120)
    plt.close(fig)
    for name, row in zip(names, table):
        chosen = [pth for pth, v in zip(paths, row) if v >= args.threshold]
        print(f'{name}: {", ".join(chosen)}')
    print(f'wrote {args.out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
