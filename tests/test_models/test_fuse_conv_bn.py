"""mmcv.cnn.fuse_conv_bn (what mmdet's benchmark and other mmcv-based
deployment tools call; the toolbox's own tools fold with
``models/fold_conv_bn.py``, which does not depend on the order) must
leave every model's inference output unchanged.

mmcv pairs each BN with the last ``nn.Conv2d`` registered before it among
its siblings. That is wrong for a conv used twice with two norms (the
S-Block), for a norm that follows a shortcut add or whose conv's raw output
is also returned (SeqConv, SeqResNet), for pre-activation layers, and for a
stem conv followed, many containers later, by the final norm (WiderResNet).
Our modules register such norms before their convs; these tests fail if
that order is lost.
"""
import copy
import glob
import os.path as osp

import pytest
import torch
import torch.nn as nn
from mmcv.cnn import fuse_conv_bn
from mmengine import Config

from mmseg_multipath.models.backbones import ChoiceUNet, SeqResNet
from mmseg_multipath.models.layers import SeqConvLayer, SharedResBlock
from ..conftest import ROOT

DEMOS = sorted(glob.glob(osp.join(ROOT, 'configs', '*', '*demo*.py')))


def _randomise_norms(model):
    g = torch.Generator().manual_seed(0)
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            n = m.num_features
            m.running_mean.copy_(torch.rand(n, generator=g) - 0.5)
            m.running_var.copy_(torch.rand(n, generator=g) + 0.5)
            if m.affine:
                m.weight.data.copy_(torch.rand(n, generator=g) + 0.5)
                m.bias.data.copy_(torch.rand(n, generator=g) - 0.5)
    return model.eval()


def _assert_fuse_invariant(model, fn):
    model = _randomise_norms(model)
    with torch.no_grad():
        ref = fn(model)
        fused = fuse_conv_bn(copy.deepcopy(model))
        out = fn(fused)
    ref = ref if isinstance(ref, (tuple, list)) else [ref]
    out = out if isinstance(out, (tuple, list)) else [out]
    for a, b in zip(ref, out):
        scale = a.abs().max().clamp(min=1e-6)
        assert ((a - b).abs().max() / scale) < 1e-4


@pytest.mark.parametrize('config', DEMOS,
                         ids=lambda c: osp.relpath(c, ROOT))
def test_demo_models_survive_fuse_conv_bn(config):
    from mmseg.registry import MODELS
    from mmseg.utils import register_all_modules
    register_all_modules()
    cfg = Config.fromfile(config)
    model = MODELS.build(cfg.model)
    x = torch.randn(1, 3, 48, 64)
    metas = [dict(img_shape=(48, 64), ori_shape=(48, 64),
                  pad_shape=(48, 64))]
    _assert_fuse_invariant(model, lambda m: m.encode_decode(x, metas))


def test_shared_res_block_survives_fuse():
    x = torch.randn(2, 8, 9, 9)
    _assert_fuse_invariant(SharedResBlock(8), lambda m: m(x))


@pytest.mark.parametrize('bottleneck', [False, True])
def test_seq_conv_survives_fuse(bottleneck):
    x, sc = torch.randn(2, 8, 7, 7), torch.randn(2, 8, 7, 7)
    conv = SeqConvLayer(8, 8, 4, bottleneck=bottleneck)
    _assert_fuse_invariant(conv, lambda m: m(x, sc))


def test_seq_resnet_imagenet_layout_survives_fuse():
    net = SeqResNet(dict(width=0.25, blocks=(1, 1, 1, 1),
                         group_widths=(8, 8, 16, 16), subgroups=(2, 2, 1, 1)),
                    out_indices=(0, 1, 2, 3))
    x = torch.randn(1, 3, 64, 64)
    _assert_fuse_invariant(net, lambda m: m(x))


def test_dense_unet_survives_fuse():
    net = ChoiceUNet('dense', base_channels=8, num_stages=3)
    x = torch.randn(1, 3, 32, 32)
    _assert_fuse_invariant(net, lambda m: m(x))
