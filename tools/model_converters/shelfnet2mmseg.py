"""Convert official ShelfNet checkpoints to this toolbox's keys.

Usage::

    python tools/model_converters/shelfnet2mmseg.py SRC.pth DST.pth

Two official layouts (juntang-zhuang/ShelfNet-lw-cityscapes ``train.py``;
ShelfNet ``pascal``/``citys`` branches, torch-encoding checkpoints):

* real-time ShelfNet18-lw / ShelfNet34-lw (``ShelfNet-lw-cityscapes``): a
  plain state dict, keys ``backbone.*`` (torchvision ResNet names),
  ``trans{1,2,3}.{conv,bn}``, ``decoder.*``, ``ladder.*``,
  ``conv_out{,16,32}.{conv.conv,conv.bn,conv_out}``; InPlaceABN layers store
  no ``num_batches_tracked``;
* full ShelfNet-R50/R101 (PASCAL branch, torch-encoding): ``{'state_dict':
  ...}`` with ``pretrained.*`` (backbone), ``head.{conv1-4,bn1-4}`` (lateral
  reductions), ``head.decoder.*``, ``head.ladder.*``, ``head.final``,
  ``head.selayer`` and ``auxlayer.conv5.{0,1,4}``.

Mapping to ``EncoderDecoder`` + ``ShelfHead`` (+ ``FCNHead`` auxiliary):
``trans{i}``/``head.conv{i},bn{i}`` -> ``decode_head.laterals.{i-1}``;
``decoder`` -> ``decode_head.decoder``; ``ladder`` ->
``decode_head.ladders.0``; ``conv_out.conv`` -> ``decode_head.out_conv``;
``conv_out.conv_out`` / ``head.final`` -> ``decode_head.conv_seg``;
``conv_out16/32`` -> ``decode_head.aux_heads.0/1``; ``head.selayer`` ->
``decode_head.se_layer``; ``auxlayer.conv5.0/1/4`` ->
``auxiliary_head.convs.0.conv`` / ``.convs.0.bn`` / ``.conv_seg``.
The official ``decoder.inconv`` is never used in its forward pass and is
dropped (37,184 parameters); a classifier ``fc`` of the backbone too.
Missing ``num_batches_tracked`` entries are added (0).

In-Place ABN (real-time layout): the official compiled kernels
(``modules/src/inplace_abn_cpu.cpp`` / ``inplace_abn_cuda.cu``) normalise
with the scale ``abs(weight) + eps`` (eps 1e-5), not ``weight``. Those
layers are the norms that store no ``num_batches_tracked`` (In-Place ABN
has no such buffer; the S-Blocks' bn2 are plain ``BatchNorm2d`` and keep
it): 43 in ShelfNet18-lw, 56 in ShelfNet34-lw (with ``decoder.inconv``
dropped). Their weights are written as ``abs(weight) + 1e-5`` (computed
and stored in float64, so that a float64 model reproduces the official
float64 outputs and a float32 model loads the float32 rounding that the
official kernel computes), which makes our BatchNorm compute exactly what
In-Place ABN computed.
"""
import argparse
import os.path as osp
import re
from collections import OrderedDict

import torch

from mmseg_multipath.utils.checkpoints import (check_output_path,
                                               read_checkpoint,
                                               save_checkpoint_file,
                                               strip_module_prefix)

LW_RULES = [
    (r'^trans(\d)\.(conv|bn)\.(.*)$',
     lambda m: f'decode_head.laterals.{int(m[1]) - 1}.{m[2]}.{m[3]}'),
    (r'^decoder\.inconv\..*$', None),
    (r'^decoder\.(.*)$', lambda m: f'decode_head.decoder.{m[1]}'),
    (r'^ladder\.(.*)$', lambda m: f'decode_head.ladders.0.{m[1]}'),
    (r'^conv_out\.conv\.(.*)$', lambda m: f'decode_head.out_conv.{m[1]}'),
    (r'^conv_out\.conv_out\.(.*)$', lambda m: f'decode_head.conv_seg.{m[1]}'),
    (r'^conv_out(16|32)\.(.*)$',
     lambda m: f'decode_head.aux_heads.{0 if m[1] == "16" else 1}.{m[2]}'),
    (r'^backbone\.fc\..*$', None),
    (r'^backbone\.(.*)$', lambda m: f'backbone.{m[1]}'),
]
FULL_RULES = [
    (r'^pretrained\.fc\..*$', None),
    (r'^pretrained\.(.*)$', lambda m: f'backbone.{m[1]}'),
    (r'^head\.conv(\d)\.(\d+\.)?(weight|bias)$',
     lambda m: f'decode_head.laterals.{int(m[1]) - 1}.conv.{m[3]}'),
    (r'^head\.bn(\d)\.(.*)$',
     lambda m: f'decode_head.laterals.{int(m[1]) - 1}.bn.{m[2]}'),
    (r'^head\.decoder\.inconv\..*$', None),
    (r'^head\.decoder\.(.*)$', lambda m: f'decode_head.decoder.{m[1]}'),
    (r'^head\.ladder\.(.*)$', lambda m: f'decode_head.ladders.0.{m[1]}'),
    (r'^head\.final\.(.*)$', lambda m: f'decode_head.conv_seg.{m[1]}'),
    (r'^head\.selayer\.(.*)$', lambda m: f'decode_head.se_layer.{m[1]}'),
    (r'^auxlayer\.conv5\.0\.(.*)$',
     lambda m: f'auxiliary_head.convs.0.conv.{m[1]}'),
    (r'^auxlayer\.conv5\.1\.(.*)$',
     lambda m: f'auxiliary_head.convs.0.bn.{m[1]}'),
    (r'^auxlayer\.conv5\.4\.(.*)$',
     lambda m: f'auxiliary_head.conv_seg.{m[1]}'),
]


def detect(state):
    """'lw' or 'full' from the key layout; ValueError otherwise."""
    keys = list(state)
    if any(k.startswith(('pretrained.', 'head.')) for k in keys):
        return 'full'
    if any(k.startswith(('trans1.', 'ladder.', 'conv_out.')) for k in keys):
        return 'lw'
    raise ValueError('not an official ShelfNet checkpoint: expected '
                     '"pretrained./head." (full model) or "trans*/ladder./'
                     f'conv_out" (lw) keys, found e.g. {keys[:3]}')


ABN_EPS = 1e-5  # In-Place ABN's default eps (modules/bn.py)


def inplace_abn_norms(state):
    """Module prefixes of the In-Place ABN layers of a real-time ShelfNet
    state dict: norms with running statistics but no num_batches_tracked."""
    return sorted(k[:-len('running_var')] for k in state
                  if k.endswith('.running_var') and
                  k[:-len('running_var')] + 'num_batches_tracked' not in state)


def convert(state):
    """Official state dict -> ours (OrderedDict); returns (dict, layout)."""
    state = strip_module_prefix(state)
    layout = detect(state)
    if layout == 'lw':  # In-Place ABN scales by abs(weight) + eps
        for prefix in inplace_abn_norms(state):
            w = state.get(prefix + 'weight')
            if w is not None:  # in float64: exact in any precision after
                state[prefix + 'weight'] = w.double().abs() + ABN_EPS
    rules = [(re.compile(p), f) for p, f in
             (FULL_RULES if layout == 'full' else LW_RULES)]
    out = OrderedDict()
    for key, value in state.items():
        for pattern, fn in rules:
            m = pattern.match(key)
            if m:
                if fn is not None:
                    out[fn(m)] = value
                break
        else:
            raise ValueError(f'unexpected key in the {layout} ShelfNet '
                             f'checkpoint: {key}')
    for key in list(out):
        if key.endswith('.running_var'):
            nbt = key[:-len('running_var')] + 'num_batches_tracked'
            out.setdefault(nbt, torch.tensor(0, dtype=torch.long))
    return out, layout


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('src')
    p.add_argument('dst')
    args = p.parse_args(argv)
    check_output_path(args.dst, args.src)
    # official checkpoints hold tensors only (state dicts, optionally
    # under 'state_dict' with epoch/optimizer entries of plain types)
    ckpt = read_checkpoint(args.src, 'source checkpoint')
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(state, dict):
        raise ValueError(f'{args.src}: not a state dict')
    out, layout = convert(state)
    save_checkpoint_file(dict(state_dict=out, meta=dict(
        converted_from=osp.basename(args.src), layout=f'shelfnet-{layout}')),
        args.dst)
    abn = ''
    if layout == 'lw':
        n = sum(not p.startswith('decoder.inconv.') for p in
                inplace_abn_norms(strip_module_prefix(state)))
        abn = f' ({n} In-Place ABN norms: weight -> abs(weight) + {ABN_EPS})'
    print(f'{layout} ShelfNet: {len(state)} keys -> {len(out)} keys{abn}, '
          f'wrote {args.dst}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
