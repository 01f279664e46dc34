"""Convert official SeqConv checkpoints (SeqResNet, SeqResNet-B, SeqResNeXt)
to this toolbox's keys.

Usage::

    python tools/model_converters/seqconv2mmpretrain.py SRC.pth DST.pth

The official code (``GroupOfAlchemists/SeqConv``, CIFAR and ImageNet
folders) names its modules
as follows; the paper's released-weights link is missing, so this covers
checkpoints users trained with that code (``{'state_dict': ...}`` from its
ImageNet ``Demo.py``, optionally with DataParallel's ``module.``, or a plain
state dict):

* a conv layer ``X.LinearLayer.weight`` + ``X.BatchNormalizationLayer.*``
  -> ``X.conv.weight`` + ``X.norm.*`` (our ``ConvLayer``);
* a SeqConv layer's group i: ``Filters.i.LinearLayer/BatchNormalizationLayer``
  (plain CIFAR) -> ``groups_.i.conv/norm``;
  ``Filters.i.BottleneckLayer.*`` / ``Filters.i.TransformationLayer.*``
  (SeqResNet-B) and ``BottleneckLayers.i.*`` / ``TransformationLayers.i.*``
  (SeqResNeXt) -> ``groups_.i.conv/norm1`` and ``groups_.i.conv2/norm``;
* stems: CIFAR ``Init``, ``Head`` -> ``stem.0``, ``stem.1``; ImageNet
  ``Head0``, ``Head1``, ``Head2``, ``ShrinkingLayer`` -> ``stem.0-3``;
* ``Stage1.b`` -> ``stages.0.b``; for s >= 2 ``Downsample{s-1}`` ->
  ``stages.{s-1}.0`` (``ExtensionLayer``/``ShrinkingLayer`` ->
  ``extension``/``shrink``) and ``Stage{s}.b`` -> ``stages.{s-1}.{b+1}``;
  ``LayerA``/``LayerB`` -> ``layer_a``/``layer_b``;
* ``Blender`` -> ``backbone.blender``; ``Classifier`` -> ``head.fc``.

The output, ``{'state_dict': {backbone.*, head.fc.*}, 'meta': ...}``, loads
strictly into the mmpretrain classification configs of
``configs/seqconv/classification`` and into a segmentation backbone with
``init_cfg=dict(type='Pretrained', checkpoint=DST, prefix='backbone.')``
(the blender and classifier are then ignored).
"""
import argparse
import os.path as osp
import re
import sys
from collections import OrderedDict

from mmseg_multipath.utils.checkpoints import (check_output_path,
                                               read_checkpoint,
                                               save_checkpoint_file,
                                               strip_module_prefix)

BN = r'(weight|bias|running_mean|running_var|num_batches_tracked)'
# official sub-module of SeqConv group i -> our (conv, norm) names in it
GROUP_PARTS = [
    (r'Filters\.(\d+)\.BottleneckLayer', 'conv', 'norm1'),  # SeqResNet-B
    (r'Filters\.(\d+)\.TransformationLayer', 'conv2', 'norm'),
    (r'BottleneckLayers\.(\d+)', 'conv', 'norm1'),  # SeqResNeXt
    (r'TransformationLayers\.(\d+)', 'conv2', 'norm'),
    (r'Filters\.(\d+)', 'conv', 'norm'),  # plain CIFAR SeqResNet
]


def _conv_layer(rest, conv='conv', norm='norm'):
    """A key inside one official ConvolutionalLayer -> ours, or None."""
    if rest == 'LinearLayer.weight':
        return f'{conv}.weight'
    m = re.fullmatch(rf'BatchNormalizationLayer\.{BN}', rest)
    return f'{norm}.{m[1]}' if m else None


def _group(rest):
    """A key inside one official SeqConv layer -> ours, or None."""
    for pattern, conv, norm in GROUP_PARTS:
        m = re.match(pattern + r'\.(.*)$', rest)
        new = m and _conv_layer(m[2], conv, norm)
        if new:
            return f'groups_.{m[1]}.{new}'
    return None


def _module_prefix(key, imagenet):
    """(our module prefix, kind, rest of the key) for an official key;
    kind is 'conv' (a ConvolutionalLayer) or 'seq' (a SeqConv layer)."""
    stems = (['Head0', 'Head1', 'Head2', 'ShrinkingLayer'] if imagenet else
             ['Init', 'Head'])
    kinds = (['conv', 'conv', 'seq', 'conv'] if imagenet else
             ['conv', 'seq'])
    for i, (name, kind) in enumerate(zip(stems, kinds)):
        if key.startswith(name + '.'):
            return f'backbone.stem.{i}', kind, key[len(name) + 1:]
    m = re.match(r'Stage(\d)\.(\d+)\.Layer(A|B)\.(.*)$', key)
    if m:
        s, b = int(m[1]), int(m[2])
        idx = b if s == 1 else b + 1
        return (f'backbone.stages.{s - 1}.{idx}.layer_{m[3].lower()}',
                'seq', m[4])
    m = re.match(r'Downsample(\d)\.(ExtensionLayer|ShrinkingLayer)\.(.*)$',
                 key)
    if m:
        ext = m[2] == 'ExtensionLayer'
        return (f'backbone.stages.{m[1]}.0.'
                f'{"extension" if ext else "shrink"}',
                'seq' if ext else 'conv', m[3])
    if key.startswith('Blender.'):
        return 'backbone.blender', 'conv', key[len('Blender.'):]
    return None, None, None


NEXT_WARNING = (
    '\nWARNING: this is an official SeqResNeXt checkpoint. The official '
    'SeqResNeXt code feeds each down-sampling block\'s shrinking conv '
    '[extension window, extension] instead of [input, extension]; to get '
    'the official outputs from these weights, build the backbone with\n'
    '    official_next_downsample=True\n'
    '(in a config: --cfg-options model.backbone.official_next_downsample='
    'True). See configs/seqconv/README.md, "Converting official '
    'checkpoints".')


def convert(state):
    """Official state dict -> (our OrderedDict, layout name)."""
    state = strip_module_prefix(state)
    keys = list(state)
    imagenet = any(k.startswith('Head0.') for k in keys)
    if not imagenet and not any(k.startswith('Init.') for k in keys):
        raise ValueError('not an official SeqConv checkpoint: expected '
                         '"Init./Head." (CIFAR) or "Head0./Head1./Head2." '
                         f'(ImageNet) keys, found e.g. {keys[:3]}')
    out, unknown = OrderedDict(), []
    for key, value in state.items():
        if key.startswith('Classifier.') and key.split('.', 1)[1] in (
                'weight', 'bias'):
            out['head.fc.' + key.split('.', 1)[1]] = value
            continue
        prefix, kind, rest = _module_prefix(key, imagenet)
        new = None
        if prefix is not None:
            new = _conv_layer(rest) if kind == 'conv' else _group(rest)
        if new is None:
            unknown.append(key)
        else:
            out[f'{prefix}.{new}'] = value
    if unknown:
        hint = (' (a conv bias means the model was trained without batch '
                'normalization, which SeqResNet does not build)'
                if any(k.endswith('LinearLayer.bias') for k in unknown)
                else '')
        raise KeyError(f'{len(unknown)} key(s) have no counterpart in '
                       f'SeqResNet{hint}: {unknown[:6]}')
    nxt = any('TransformationLayers.' in k for k in keys)
    bott = nxt or any('.BottleneckLayer.' in k for k in keys)
    layout = ('imagenet' if imagenet else 'cifar') + (
        '-next' if nxt else '-b' if bott else '')
    return out, layout


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('src', help='official checkpoint (.pth / .pth.tar)')
    p.add_argument('dst', help='output .pth')
    args = p.parse_args(argv)
    check_output_path(args.dst, args.src)
    # the official Demo.py saves epoch/best_acc (tensors), the optimizer
    # state and the state dict: tensors and plain containers only
    ckpt = read_checkpoint(args.src, 'source checkpoint')
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(state, dict) or not state:
        raise ValueError(f'{args.src}: holds no state dict')
    out, layout = convert(state)
    save_checkpoint_file(dict(state_dict=out, meta=dict(
        converted_from=osp.basename(args.src), layout=f'seqconv-{layout}')),
        args.dst)
    n = sum(v.numel() for k, v in out.items() if not k.endswith(
        ('running_mean', 'running_var', 'num_batches_tracked')))
    print(f'{layout} SeqConv checkpoint: {len(out)} tensors, {n:,} '
          f'parameters -> {args.dst}')
    if layout == 'imagenet-next':
        print(NEXT_WARNING, file=sys.stderr)


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
