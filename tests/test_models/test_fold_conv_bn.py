"""fold_conv_bn: conv -> BN pairs found from the forward pass, so that the
order of registration does not matter; every demo model's output stays
the same, and what must not be folded (a conv used twice, a conv whose raw
output is read elsewhere, a norm in front of a conv) is left alone."""
import copy
import glob
import os.path as osp

import pytest
import torch
import torch.nn as nn
from mmcv.cnn import fuse_conv_bn
from mmengine import Config

from mmseg_multipath.models.fold_conv_bn import fold_conv_bn
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


def _norms(model):
    return sum(isinstance(m, nn.modules.batchnorm._BatchNorm)
               for m in model.modules())


class PreNormAfterConv(nn.Module):
    """A pre-activation unit registered conv first, norm second: mmcv folds
    the norm into the conv, though the norm runs *before* it."""

    def __init__(self, c=6):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.bn = nn.BatchNorm2d(c)

    def forward(self, x):
        return self.conv(torch.relu(self.bn(x)))


class ConvThenNorm(nn.Module):
    """conv -> BN declared norm first (the order mmcv needs reversed)."""

    def __init__(self, c=6):
        super().__init__()
        self.bn = nn.BatchNorm2d(c)
        self.conv = nn.Conv2d(3, c, 3, padding=1, bias=False)

    def forward(self, x):
        return self.bn(self.conv(x))


def _close(out, ref):
    """Equal up to float32 rounding at the output's own scale (random norms
    make some demo models' logits reach 1e5)."""
    out = out if isinstance(out, (tuple, list)) else [out]
    ref = ref if isinstance(ref, (tuple, list)) else [ref]
    for a, b in zip(out, ref):
        scale = b.abs().max().clamp(min=1e-3)
        assert (a - b).abs().max() / scale < 1e-4, (a - b).abs().max()


def _check(model, x, want_pairs=None):
    model = _randomise_norms(model)
    with torch.no_grad():
        ref = model(x)
        folded, pairs = fold_conv_bn(copy.deepcopy(model), x)
        out = folded(x)
    _close(out, ref)
    if want_pairs is not None:
        assert pairs == want_pairs
    return folded, pairs


def test_order_of_registration_does_not_matter():
    x = torch.randn(2, 6, 8, 8)
    pre = _randomise_norms(PreNormAfterConv())
    with torch.no_grad():
        wrong = fuse_conv_bn(copy.deepcopy(pre))(x)
        assert not torch.allclose(wrong, pre(x), atol=1e-3)  # mmcv's
    _check(PreNormAfterConv(), x, want_pairs=[])
    folded, _ = _check(ConvThenNorm(), torch.randn(2, 3, 8, 8),
                       want_pairs=[('conv', 'bn')])
    assert isinstance(folded.bn, nn.Identity) and folded.conv.bias is not None


class BiasedConvThenNorm(ConvThenNorm):
    """conv with a bias -> BN: the folded bias is (b - m) * s + beta."""

    def __init__(self, c=6):
        super().__init__(c)
        self.conv = nn.Conv2d(3, c, 3, padding=1, bias=True)
        with torch.no_grad():  # a bias far from the running mean
            self.conv.bias.copy_(torch.linspace(-3, 3, c))


def test_a_biased_conv_folds_its_bias_through_the_norm():
    folded, _ = _check(BiasedConvThenNorm(), torch.randn(2, 3, 8, 8),
                       want_pairs=[('conv', 'bn')])
    assert isinstance(folded.bn, nn.Identity)


class _Seq(nn.Module):
    """SeqConvLayer with the input as its embedded shortcut; returns the
    raw sum and the activated stream."""

    def __init__(self, bottleneck):
        super().__init__()
        self.layer = SeqConvLayer(8, 8, 4, bottleneck=bottleneck)

    def forward(self, x):
        return self.layer(x, x)


@pytest.mark.parametrize('bottleneck', [False, True])
def test_shared_conv_and_raw_outputs_are_left_alone(bottleneck):
    x = torch.randn(2, 8, 9, 9)
    _check(SharedResBlock(8), x, want_pairs=[])  # one conv, two norms
    # SeqConv: each group's raw sum is returned beside the activated one
    _check(_Seq(bottleneck), x)


@pytest.mark.parametrize('config', DEMOS,
                         ids=lambda c: osp.relpath(c, ROOT))
def test_demo_models_fold_and_keep_their_outputs(config):
    from mmseg.registry import MODELS
    cfg = Config.fromfile(config)
    model = _randomise_norms(MODELS.build(cfg.model))
    x = torch.randn(1, 3, 48, 64)
    with torch.no_grad():
        ref = model(x)
        before = _norms(model)
        folded, pairs = fold_conv_bn(copy.deepcopy(model), x)
        out = folded(x)
    _close(out, ref)
    assert _norms(folded) == before - len(pairs)
    if before:
        assert pairs, 'no conv -> BN pair found'


def test_training_mode_is_refused():
    with pytest.raises(ValueError, match='eval'):
        fold_conv_bn(ConvThenNorm().train(), torch.randn(1, 3, 4, 4))


def test_sync_bn_configs_fold_too():
    """The full configs use SyncBN; built for inference it becomes
    mmengine's ``_BatchNormXd`` (``revert_sync_batchnorm``), which folds
    like BN (a ShelfNet18-lw: backbone and head)."""
    from mmseg_multipath.apis import build_eval_segmentor
    model = _randomise_norms(build_eval_segmentor(osp.join(
        ROOT, 'configs', 'shelfnet',
        'shelfnet18-lw_2xb8-20k_camvid-360x480.py')))
    assert not any(isinstance(m, nn.BatchNorm2d) for m in model.modules())
    x = torch.randn(1, 3, 64, 96)
    with torch.no_grad():
        ref = model(x)
        before = _norms(model)
        folded, pairs = fold_conv_bn(copy.deepcopy(model), x)
        _close(folded(x), ref)
    assert len(pairs) >= 20 and _norms(folded) == before - len(pairs)
