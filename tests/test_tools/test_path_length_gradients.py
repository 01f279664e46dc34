"""The path-length gradient experiment ("Wider or Deeper" Fig. 4)."""
import itertools
import json

import torch

from mmseg_multipath.analysis.residual_paths import (PathGate,
                                                     find_residual_units,
                                                     path_gradient_norms)
from mmseg_multipath.models.backbones import WiderResNet
from ..conftest import ROOT, run_tool


def _tiny():
    torch.manual_seed(0)
    return WiderResNet('56-1-1-1-1-1-1-1', output_stride=8,
                       width_divisor=32, dropout=False).eval()


def test_paths_of_all_lengths_sum_to_the_full_gradient():
    """Backprop is linear: the gradients of the 2^n branch/shortcut paths
    add up to the ordinary gradient, and forward values never change."""
    net = _tiny()
    x = torch.randn(2, 3, 16, 16, requires_grad=True)
    ref_out = net(x)[0]
    ref, = torch.autograd.grad(ref_out.square().sum(), x)
    gate = PathGate(net)
    n = len(gate.units)
    assert n == 7 and [u for u, _ in gate.units][0] == 'b1.0'
    out = net(x)[0]
    torch.testing.assert_close(out, ref_out)
    loss = out.square().sum()
    total = torch.zeros_like(x)
    for r in range(n + 1):
        for active in itertools.combinations(range(n), r):
            gate.set_path(active)
            g, = torch.autograd.grad(loss, x, retain_graph=True)
            total += g
    torch.testing.assert_close(total, ref, rtol=1e-4, atol=1e-6)
    gate.set_path(None)
    g, = torch.autograd.grad(loss, x, retain_graph=True)
    torch.testing.assert_close(g, ref)
    gate.remove()
    assert 'forward' not in vars(gate.units[0][1])


def test_norms_per_length_and_mmseg_resnet_units():
    from mmseg.models.backbones import ResNet
    net = ResNet(depth=18, base_channels=8)
    net.eval()  # mmseg ResNet.train() returns None
    assert len(find_residual_units(net)) == 8
    gate = PathGate(net)
    res = path_gradient_norms(lambda x: net(x)[-1], gate,
                              torch.randn(2, 3, 32, 32),
                              lambda y: y.square().sum(), [0, 1, 8],
                              samples=3)
    assert set(res) == {0, 1, 8} and all(len(v) == 3 for v in res.values())
    assert all(v > 0 for vals in res.values() for v in vals)


def test_tool_writes_png_and_json(tmp_path):
    out = tmp_path / 'plg.png'
    r = run_tool(['tools/analysis_tools/path_length_gradients.py',
                  f'{ROOT}/configs/demo/fcn_r18w16-d8_1xb8-2k_demo-96x128.py',
                  '--shape', '32', '32', '--batch', '2', '--samples', '2',
                  '-o', str(out)])
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 1000
    data = json.loads((tmp_path / 'plg.json').read_text())
    assert [row['k'] for row in data['rows']] == list(range(9))
    assert 'k=  8' in r.stdout


def test_seqresnet_blocks_gate_their_embedded_residual():
    """SeqResNet adds its shortcut per group inside LayerB: the gate wraps
    those adds. (Paths there are not binary per unit: a gradient can leave
    group 0 by its shortcut and enter group 1's branch, so the 2^n sum
    identity does not hold; 'in the path' means through LayerB's
    transformations only.)"""
    from mmseg_multipath.models.backbones import SeqResNet
    torch.manual_seed(0)
    net = SeqResNet(dict(k=4, r=1, N=1), out_indices=(2, )).eval()
    for m in net.modules():  # no zero-init: every path should carry
        if hasattr(m, 'layer_b'):
            for g in m.layer_b.groups_:
                torch.nn.init.normal_(g.conv.weight, std=0.1)
    x = torch.randn(2, 3, 8, 8, requires_grad=True)
    out_ref = net(x)[0]
    ref, = torch.autograd.grad(out_ref.square().sum(), x)
    gate = PathGate(net)
    assert len(gate.units) == 3
    out = net(x)[0]
    torch.testing.assert_close(out, out_ref)
    res = path_gradient_norms(lambda t: net(t)[0], gate, x,
                              lambda y: y.square().sum(), [0, 1, 3],
                              samples=2)
    assert all(v > 0 for vals in res.values() for v in vals)
    g, = torch.autograd.grad(net(x)[0].square().sum(), x)
    torch.testing.assert_close(g, ref)  # set_path(None) after the run
    gate.remove()
    assert not any(m._forward_pre_hooks for m in net.modules())
