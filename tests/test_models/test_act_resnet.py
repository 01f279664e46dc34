"""ActResNet: mmseg's ResNet with the activation of each position set by
config (the official real-time ShelfNet backbone's In-Place ABN places
LeakyReLU 0.01 after the stem norm and after every block's bn1, ReLU only
after the residual sum)."""
import os.path as osp

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from mmengine.config import Config
from mmseg.models.backbones import ResNet
from mmseg.registry import MODELS

from mmseg_multipath.models.backbones import ActResNet
from ..conftest import ROOT

LEAKY = dict(type='LeakyReLU', negative_slope=0.01)
OFFICIAL = dict(stem_act_cfg=LEAKY, block_act_cfg=LEAKY,
                out_act_cfg=dict(type='ReLU'))


def _randomise(net, seed=0):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in net.state_dict().items():
            if name.endswith('running_var'):
                t.copy_(torch.rand(t.shape, generator=g) + 0.5)
            elif t.is_floating_point():
                t.copy_(torch.randn(t.shape, generator=g) * 0.1)
    net.eval()  # (mmseg's ResNet.train returns None: no chaining)
    return net


@pytest.mark.parametrize('depth', [18, 50])
def test_defaults_are_mmseg_resnet(depth):
    """Default activations (ReLU everywhere): the same keys and outputs as
    mmseg's ResNet."""
    ref = _randomise(ResNet(depth=depth, out_indices=(1, 2, 3)))
    ours = ActResNet(depth=depth, out_indices=(1, 2, 3))
    ours.eval()
    ours.load_state_dict(ref.state_dict(), strict=True)
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        for a, b in zip(ref(x), ours(x)):
            torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_torchvision_weights_load_and_relu_form_equals_torchvision(tmp_path):
    """A torchvision ResNet-18 state dict (the file torchvision://resnet18
    points at) loads through a Pretrained init_cfg and gives torchvision's
    features when every activation is ReLU."""
    tv = _randomise(torchvision.models.resnet18(), seed=3)
    path = tmp_path / 'resnet18-f37072fd.pth'
    torch.save(tv.state_dict(), path)
    ours = ActResNet(depth=18, out_indices=(1, 2, 3), init_cfg=dict(
        type='Pretrained', checkpoint=str(path)))
    ours.init_weights()
    ours.eval()
    x = torch.randn(1, 3, 64, 96)
    with torch.no_grad():
        y = tv.maxpool(tv.relu(tv.bn1(tv.conv1(x))))
        y = tv.layer1(y)
        feats = []
        for layer in (tv.layer2, tv.layer3, tv.layer4):
            y = layer(y)
            feats.append(y)
        for a, b in zip(feats, ours(x)):
            torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-5)


def test_activation_per_position_official_form():
    net = ActResNet(depth=18, **OFFICIAL)
    assert isinstance(net.relu, nn.LeakyReLU)  # the stem's
    assert net.relu.negative_slope == 0.01
    blocks = [b for layer in (net.layer1, net.layer2, net.layer3,
                              net.layer4) for b in layer]
    assert len(blocks) == 8
    for b in blocks:
        assert isinstance(b.act, nn.LeakyReLU) and b.act.negative_slope == 0.01
        assert type(b.relu) is nn.ReLU  # after the residual sum only


def test_block_forward_follows_the_official_order():
    """conv1 -> bn1 -> LeakyReLU -> conv2 -> bn2 (no activation) ->
    + shortcut (1x1 conv + BN, no activation) -> ReLU; stem conv1 -> bn1 ->
    LeakyReLU -> maxpool."""
    net = _randomise(ActResNet(depth=18, out_indices=(0, 1), **OFFICIAL))
    x = torch.randn(2, 3, 48, 48)
    with torch.no_grad():
        y = F.max_pool2d(F.leaky_relu(net.bn1(net.conv1(x)), 0.01), 3, 2, 1)
        for b in net.layer1:
            r = F.leaky_relu(b.bn1(b.conv1(y)), 0.01)
            y = F.relu(b.bn2(b.conv2(r)) + y)
        out1 = y
        b = net.layer2[0]
        r = F.leaky_relu(b.bn1(b.conv1(y)), 0.01)
        y = F.relu(b.bn2(b.conv2(r)) + b.downsample(y))
        b = net.layer2[1]
        y = F.relu(b.bn2(b.conv2(F.leaky_relu(b.bn1(b.conv1(y)), 0.01))) + y)
        got = net(x)
    torch.testing.assert_close(got[0], out1)
    torch.testing.assert_close(got[1], y)


@pytest.mark.parametrize('name', [
    'shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py',
    'shelfnet34-lw_2xb8-80k_cityscapes-1024x1024.py',
    'shelfnet18-lw_2xb8-20k_camvid-360x480.py',
    'shelfnet34-lw_2xb8-20k_camvid-360x480.py',
    'shelfnet18w16-lw_1xb8-2k_demo-96x128.py'])
def test_every_lw_config_uses_the_official_activations(name):
    cfg = Config.fromfile(osp.join(ROOT, 'configs', 'shelfnet', name))
    bb = cfg.model.backbone
    assert bb.type == 'ActResNet'
    assert bb.stem_act_cfg == LEAKY and bb.block_act_cfg == LEAKY
    assert bb.out_act_cfg == dict(type='ReLU')
    bb.norm_cfg = dict(type='BN')
    bb.init_cfg = None
    net = MODELS.build(bb)
    assert isinstance(net.layer1[0].act, nn.LeakyReLU)
