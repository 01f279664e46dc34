"""Convert the released "Wider or Deeper" weights to mmseg-multipath keys.

Usage::

    python tools/model_converters/ademxapp2mmseg.py SRC DST.pth

SRC is either

* an MXNet ``.params`` file of the authors' release (e.g.
  ``ilsvrc-cls_rna-a1_cls1000_ep-0001.params`` or
  ``cityscapes_rna-a1_cls19_s8_ep-0001.params``), read without mxnet
  (:mod:`mmseg_multipath.analysis.mxnet_params`); ``arg:``/``aux:`` names such
  as ``res4b5_branch2b1_weight``, ``bn6a_branch2b2_moving_var``, ``bn7_*``,
  ``conv6a_*`` and ``linear{C}_*`` (the last two are dropped by the popular
  PyTorch port; they are kept here), or
* a ``.pth`` in the PyTorch port's layout (``b2.conv_branch2a.weight``,
  ``b4_5.bn_branch2b1.running_var``, ``bn7.*``; an optional ``backbone.``
  prefix as in mmseg 0.x ports is accepted).

DST is an mmseg checkpoint (``state_dict`` with ``backbone.`` /
``decode_head.`` keys of ``WiderResNet`` + ``DilatedFCNHead``; the ImageNet
classifier becomes ``head.fc.*``). Load ImageNet weights into a segmentor
with ``init_cfg=dict(type='Pretrained', checkpoint=DST, prefix='backbone.')``
in the backbone, or whole segmentation models with ``load_from=DST``.
Every source key must map; unknown keys stop the conversion with their
names.
"""
import argparse
import os.path as osp
import re
from collections import OrderedDict

import torch

from mmseg_multipath.analysis.mxnet_params import read_mxnet_params
from mmseg_multipath.utils.checkpoints import (check_output_path,
                                               read_checkpoint,
                                               save_checkpoint_file)

BN_PARAMS = {'gamma': 'weight', 'beta': 'bias', 'moving_mean':
             'running_mean', 'moving_var': 'running_var'}
CONV_OF = {'1': 'shortcut', '2a': 'convs.0', '2b1': 'convs.1',
           '2b2': 'convs.2'}
BN_OF = {'2a': 'bn1', '2b1': 'bn2', '2b2': 'bn3'}
MX_UNIT = re.compile(r'^(res|bn)(\d)(a|b\d+)_branch(1|2a|2b1|2b2)_(\w+)$')
PSA_UNIT = re.compile(
    r'^b(\d)(?:_(\d+))?\.(conv|bn)_branch(1|2a|2b1|2b2)\.(\w+)$')


def mx_key(name: str):
    """Our key for an MXNet parameter name, or None if unknown."""
    name = name.split(':', 1)[-1]
    if name == 'conv1a_weight':
        return 'backbone.conv1a.weight'
    m = re.fullmatch(r'bn7_(gamma|beta|moving_mean|moving_var)', name)
    if m:
        return f'backbone.bn7.{BN_PARAMS[m.group(1)]}'
    m = MX_UNIT.match(name)
    if m:
        kind, stage, unit, branch, param = m.groups()
        idx = 0 if unit == 'a' else int(unit[1:])
        prefix = f'backbone.b{stage}.{idx}'
        if kind == 'res' and param == 'weight':
            return f'{prefix}.{CONV_OF[branch]}.weight'
        if kind == 'bn' and branch in BN_OF and param in BN_PARAMS:
            return f'{prefix}.{BN_OF[branch]}.{BN_PARAMS[param]}'
        return None
    m = re.fullmatch(r'conv6a_(weight|bias)', name)
    if m:
        return f'decode_head.conv6a.{m.group(1)}'
    m = re.fullmatch(r'linear(\d+)_(weight|bias)', name)
    if m:
        return (f'head.fc.{m.group(2)}' if m.group(1) == '1000' else
                f'decode_head.conv_seg.{m.group(2)}')
    return None


def psa_key(name: str):
    """Our key for a PyTorch-port key, or None if unknown."""
    name = name[len('backbone.'):] if name.startswith('backbone.') else name
    if name == 'conv1a.weight':
        return 'backbone.conv1a.weight'
    m = re.fullmatch(r'bn7\.(weight|bias|running_mean|running_var|'
                     r'num_batches_tracked)', name)
    if m:
        return f'backbone.bn7.{m.group(1)}'
    m = PSA_UNIT.match(name)
    if m:
        stage, idx, kind, branch, param = m.groups()
        prefix = f'backbone.b{stage}.{int(idx or 0)}'
        if kind == 'conv' and param == 'weight':
            return f'{prefix}.{CONV_OF[branch]}.weight'
        if kind == 'bn' and branch in BN_OF:
            return f'{prefix}.{BN_OF[branch]}.{param}'
    return None


def convert(src: str) -> OrderedDict:
    """Source file -> our state dict (torch tensors)."""
    if not osp.isfile(src):
        raise FileNotFoundError(f'source "{src}" does not exist')
    if src.endswith('.params'):
        items = [(k, torch.from_numpy(v))
                 for k, v in read_mxnet_params(src).items() if v is not None]
        mapper = mx_key
    else:
        ckpt = read_checkpoint(src, 'source checkpoint')
        sd = ckpt.get('state_dict', ckpt.get('model', ckpt)) if isinstance(
            ckpt, dict) else ckpt
        items, mapper = list(sd.items()), psa_key
    out, unknown = OrderedDict(), []
    for name, value in items:
        key = mapper(name)
        if key is None:
            unknown.append(name)
        else:
            out[key] = value.float() if value.is_floating_point() else value
    if unknown:
        raise KeyError(f'{len(unknown)} key(s) of "{src}" have no '
                       f'counterpart: {unknown[:8]}')
    return out


def main():
    parser = argparse.ArgumentParser(description='ademxapp -> mmseg keys')
    parser.add_argument('src', help='.params (MXNet) or .pth (PyTorch port)')
    parser.add_argument('dst', help='output .pth')
    args = parser.parse_args()
    check_output_path(args.dst, args.src)
    state_dict = convert(args.src)
    save_checkpoint_file({'state_dict': state_dict,
                          'meta': dict(converted_from=osp.basename(args.src))},
                         args.dst)
    n = sum(v.numel() for k, v in state_dict.items()
            if not k.endswith(('running_mean', 'running_var',
                               'num_batches_tracked')))
    print(f'{len(state_dict)} tensors ({n:,} parameters) -> {args.dst}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
