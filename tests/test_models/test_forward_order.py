"""Modules declare their children in the order their forward runs them,
and nothing depends on that order: the toolbox folds conv-BN pairs for
inference with ``fold_conv_bn`` (pairs from the forward pass), never with
mmcv's registration-order ``fuse_conv_bn``, which these forward-ordered
modules would break (asserted, so that the reason stays visible)."""
import copy
import glob
import os.path as osp
import re

import pytest
import torch
from mmcv.cnn import fuse_conv_bn

from mmseg_multipath.models.backbones import ChoiceUNet, SeqResNet, WiderResNet
from mmseg_multipath.models.backbones.seq_resnet import ConvLayer
from mmseg_multipath.models.fold_conv_bn import fold_conv_bn
from mmseg_multipath.models.layers import SeqConvLayer, SharedResBlock
from mmseg_multipath.models.layers.seq_conv import SeqGroup
from ..conftest import ROOT
from .test_fold_conv_bn import _close, _randomise_norms


def _call_order(module, run):
    """The direct children of ``module`` in the order of their first
    call during ``run()``."""
    order, handles = [], []
    for name, child in module.named_children():
        handles.append(child.register_forward_pre_hook(
            lambda m, a, name=name: order.append(name)
            if name not in order else None))
    run()
    for h in handles:
        h.remove()
    return order


def _assert_forward_order(module, run):
    """Children with weights or statistics (convs, norms, stages) are
    declared in the order of their first call; stateless ones
    (activations, dropout, adds) may be shared and are not compared."""
    stateful = {n for n, c in module.named_children()
                if any(True for _ in c.parameters()) or
                any(True for _ in c.buffers())}
    called = [n for n in _call_order(module, run) if n in stateful]
    declared = [n for n, _ in module.named_children() if n in called]
    assert declared == called, (type(module).__name__, declared, called)


def test_blocks_are_declared_in_forward_order():
    x = torch.randn(2, 8, 9, 9)
    blk = SharedResBlock(8, dropout=0.1)
    _assert_forward_order(blk, lambda: blk(x))
    layer = ConvLayer(8, 8, 3, norm_cfg=dict(type='BN'),
                      act_cfg=dict(type='ReLU'))
    _assert_forward_order(layer, lambda: layer(x))
    for bottleneck in (False, True):
        seq = SeqConvLayer(8, 8, 4, bottleneck=bottleneck, impl='reference')
        group = next(m for m in seq.modules() if isinstance(m, SeqGroup))
        _assert_forward_order(group, lambda: seq(x, x))
    net = WiderResNet('A1', width_divisor=32)
    _assert_forward_order(net, lambda: net(torch.randn(1, 3, 32, 32)))


def _fold_keeps(model, x):
    model = _randomise_norms(model)
    with torch.no_grad():
        ref = model(x)
        folded, pairs = fold_conv_bn(copy.deepcopy(model), x)
        _close(folded(x), ref)
        try:
            wrong = fuse_conv_bn(copy.deepcopy(model))(x)
        except RuntimeError:  # e.g. a stem conv paired with the last norm
            wrong = None
    return ref, wrong, pairs


def _differs(a, b):
    if a is None:
        return True
    a = a if isinstance(a, (tuple, list)) else [a]
    b = b if isinstance(b, (tuple, list)) else [b]
    return any(not torch.allclose(p, q, rtol=1e-3, atol=1e-3)
               for p, q in zip(a, b))


@pytest.mark.parametrize('make, shape', [
    (lambda: SharedResBlock(8), (2, 8, 9, 9)),
    (lambda: WiderResNet('A1', width_divisor=32), (1, 3, 32, 32)),
    (lambda: SeqResNet(dict(width=0.25, blocks=(1, 1, 1, 1),
                            group_widths=(8, 8, 16, 16),
                            subgroups=(2, 2, 1, 1)), out_indices=(0, 1, 2, 3)),
     (1, 3, 64, 64)),
], ids=['SharedResBlock', 'WiderResNet', 'SeqResNet'])
def test_fold_conv_bn_keeps_outputs_where_mmcv_would_not(make, shape):
    ref, wrong, pairs = _fold_keeps(make(), torch.randn(*shape))
    assert _differs(wrong, ref)  # why the toolbox never uses mmcv's


def test_dense_unet_folds_and_keeps_its_outputs():
    ref, _, pairs = _fold_keeps(ChoiceUNet('dense', base_channels=8,
                                           num_stages=3),
                                torch.randn(1, 3, 32, 32))
    assert pairs


def test_no_code_of_the_toolbox_calls_mmcv_fuse_conv_bn():
    files = glob.glob(osp.join(ROOT, 'mmseg_multipath', '**', '*.py'),
                      recursive=True) + glob.glob(
                          osp.join(ROOT, 'tools', '**', '*.py'),
                          recursive=True)
    pattern = re.compile(r'import fuse_conv_bn|cnn\.fuse_conv_bn\(|'
                         r'^\s*fuse_conv_bn\(', re.M)
    assert not [f for f in files if pattern.search(open(f).read())]
