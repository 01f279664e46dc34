"""AGC (Deep Control, Eq. 1): values, independence, gradients, memory."""
import copy

import pytest
import torch
import torch.nn as nn
from mmcv.cnn import ConvModule, build_norm_layer
from mmengine.registry import MODELS as MMENGINE_MODELS
from mmseg.models.backbones import ResNetV1c

from mmseg_multipath.analysis.autograd_memory import saved_tensor_bytes
from mmseg_multipath.models.layers import (AGC, AGCFunction, agc_reference,
                                           fuse_agc)


def _params(c, dtype=torch.float64, seed=0):
    g = torch.Generator().manual_seed(seed)
    lam = torch.rand(c, generator=g, dtype=dtype).requires_grad_()
    w = (torch.rand(c, generator=g, dtype=dtype) + 0.5).requires_grad_()
    b = torch.randn(c, generator=g, dtype=dtype).requires_grad_()
    return lam, w, b


def test_eq1_on_hand_computed_values():
    x = torch.tensor([[[[1., 3.], [5., 7.]]]])  # mean 4
    layer = AGC(1, lambda_init=0.5)
    with torch.no_grad():
        layer.weight.fill_(2.)
        layer.bias.fill_(1.)
    # (x - 0.5 * 4) * 2 + 1
    expected = torch.tensor([[[[-1., 3.], [7., 11.]]]])
    torch.testing.assert_close(layer(x), expected)


def test_identity_at_lambda0_gamma1_beta0():
    x = torch.randn(2, 5, 7, 9)
    torch.testing.assert_close(AGC(5, lambda_init=0.)(x), x)


def test_lambda1_beta0_gives_zero_spatial_mean():
    x = torch.randn(3, 4, 6, 5) + 10
    out = AGC(4)(x)
    torch.testing.assert_close(out.mean((2, 3)), torch.zeros(3, 4),
                               atol=1e-5, rtol=0)


def test_samples_are_independent_and_batch1_matches():
    layer = AGC(4)
    x = torch.randn(3, 4, 8, 8)
    y = x.clone()
    y[1] += torch.randn(4, 8, 8) * 5
    a, b = layer(x), layer(y)
    torch.testing.assert_close(a[0], b[0])
    torch.testing.assert_close(a[2], b[2])
    torch.testing.assert_close(layer(x[:1]), a[:1])  # batch 1 works
    layer.eval()  # no running statistics: eval == train
    torch.testing.assert_close(layer(x), a)
    assert not list(layer.buffers())


@pytest.mark.parametrize('slope', [None, 0.0, 0.01, 0.2])
def test_gradcheck_float64(slope):
    x = torch.randn(2, 3, 5, 4, dtype=torch.float64, requires_grad=True)
    lam, w, b = _params(3)

    def f(x, lam, w, b):
        z = AGCFunction.apply(x, lam, w, b, slope)
        if slope is None:
            return z
        return torch.nn.functional.leaky_relu_(z, slope) if slope else \
            torch.relu_(z)

    assert torch.autograd.gradcheck(f, (x, lam, w, b))


def test_matches_plain_autograd_in_conv_module_stack():
    """Fused AGC + in-place ReLU/LeakyReLU ConvModules == plain Eq. 1."""
    torch.manual_seed(0)
    for act in (dict(type='ReLU'), dict(type='LeakyReLU',
                                        negative_slope=0.01)):
        fast = fuse_agc(nn.Sequential(*[
            ConvModule(3 if i == 0 else 8, 8, 3, padding=1,
                       norm_cfg=dict(type='AGC'), act_cfg=act)
            for i in range(3)
        ])).double()
        for m in fast.modules():
            if isinstance(m, AGC):
                assert m._fused_slope is not None
                with torch.no_grad():
                    m.lam.uniform_(0.2, 1.0)
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.2, 0.2)
        slow = copy.deepcopy(fast)
        for m in slow.modules():
            if isinstance(m, AGC):
                m.memory_efficient = False
        x = torch.randn(2, 3, 12, 10, dtype=torch.float64)
        out_f, out_s = fast(x), slow(x)
        torch.testing.assert_close(out_f, out_s)
        g = torch.randn_like(out_f)
        out_f.backward(g)
        out_s.backward(g)
        for (n, pf), ps in zip(fast.named_parameters(), slow.parameters()):
            torch.testing.assert_close(pf.grad, ps.grad, msg=n)


def test_memory_of_conv_agc_relu_stack_at_most_0_8_of_bn():
    def stack(norm_cfg):
        return fuse_agc(nn.Sequential(*[
            ConvModule(3 if i == 0 else 16, 16, 3, padding=1,
                       norm_cfg=norm_cfg) for i in range(4)
        ]))

    x = torch.randn(2, 3, 32, 32)
    kept = {
        name: saved_tensor_bytes(stack(cfg)(x))
        for name, cfg in (('bn', dict(type='BN')), ('agc', dict(type='AGC')),
                          ('plain', dict(type='AGC',
                                         memory_efficient=False)))
    }
    assert kept['agc'] <= 0.8 * kept['bn'], kept
    assert kept['agc'] <= 0.8 * kept['plain'], kept


def test_registry_abbr_and_eps_injection():
    assert MMENGINE_MODELS.get('AGC') is AGC
    name, layer = build_norm_layer(dict(type='AGC', lambda_init=0.5), 6,
                                   postfix=2)
    assert name == 'agc2' and isinstance(layer, AGC)
    assert layer.lam.detach().eq(0.5).all()
    assert {n for n, _ in layer.named_parameters()} == {
        'weight', 'bias', 'lam'
    }
    with pytest.raises(TypeError, match='momentum'):
        AGC(4, momentum=0.1)


def test_inside_mmseg_resnet_with_norm_eval():
    net = ResNetV1c(depth=18, base_channels=8, stem_channels=8,
                    norm_cfg=dict(type='AGC'), norm_eval=True)
    net.train()
    x = torch.randn(1, 3, 32, 32)
    outs = net(x)
    assert [o.shape[1] for o in outs] == [8, 16, 32, 64]
    outs[-1].sum().backward()
    assert net.layer1[0].agc1.lam.grad is not None
    assert any(isinstance(m, AGC) for m in net.modules())


def test_fused_resnet_matches_plain_autograd():
    """mmseg ResNet blocks/stem: fused AGC layers give plain Eq. 1 grads."""
    torch.manual_seed(0)
    fast = ResNetV1c(depth=18, base_channels=8, stem_channels=8,
                     norm_cfg=dict(type='AGC')).double()
    agcs = [m for m in fast.modules() if isinstance(m, AGC)]
    assert not any(m._fused_slope is not None for m in agcs)  # until asked
    fuse_agc(fast)
    assert sum(m._fused_slope is not None for m in agcs) == 11
    slow = copy.deepcopy(fast)
    for m in slow.modules():
        if isinstance(m, AGC):
            m.memory_efficient = False
    x = torch.randn(2, 3, 32, 32, dtype=torch.float64)
    sum(o.sum() for o in fast(x)).backward()
    sum(o.sum() for o in slow(x)).backward()
    for (n, pf), ps in zip(fast.named_parameters(), slow.parameters()):
        torch.testing.assert_close(pf.grad, ps.grad, msg=n)


class _PlantedPair(nn.Module):
    """Declares (norm, relu) as its fused pair, but the one in-place
    change of the norm's output is a residual add: the fused backward
    would take ``z + identity`` for ``relu(z)`` and give wrong weight
    gradients without an error."""

    def __init__(self, add_first):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.norm = AGC(4)
        self.relu = nn.ReLU(inplace=True)
        self.add_first = add_first

    def norm_act_pairs(self):
        return [(self.norm, self.relu)]

    def forward(self, x):
        out = self.norm(self.conv(x))
        if self.add_first:
            out += x  # the in-place residual add, where the act should be
            return out
        return self.relu(out)


@pytest.mark.parametrize('add_first', [True, False])
def test_fused_mode_refuses_a_change_its_activation_did_not_make(add_first):
    model = fuse_agc(_PlantedPair(add_first))
    assert model.norm.fused_slope == 0.0
    x = torch.randn(2, 4, 8, 8)
    if add_first:
        with pytest.raises(RuntimeError, match='other than the activation'):
            model(x).sum().backward()
    else:  # the declared pair is the real one: trains, grads correct
        model(x).square().sum().backward()
        ref = copy.deepcopy(model)
        ref.norm.memory_efficient = False
        for p in ref.parameters():
            p.grad = None
        ref(x).square().sum().backward()
        torch.testing.assert_close(model.norm.weight.grad,
                                   ref.norm.weight.grad)


def test_reference_function_matches_module():
    x = torch.randn(2, 3, 4, 4, dtype=torch.float64)
    lam, w, b = _params(3)
    torch.testing.assert_close(
        AGCFunction.apply(x, lam, w, b, None), agc_reference(x, lam, w, b))


def test_data_dependent_gain_init_gives_unit_std():
    from mmseg_multipath.models.layers import init_agc_gains
    torch.manual_seed(0)
    net = nn.Sequential(*[
        ConvModule(3 if i == 0 else 8, 8, 3, padding=1,
                   norm_cfg=dict(type='AGC')) for i in range(6)
    ])
    x = torch.randn(2, 3, 16, 16)
    stds = []
    hooks = [m.register_forward_hook(
        lambda mod, i, o: stds.append(float(o.std())))
        for m in net.modules() if isinstance(m, AGC)]
    net(x)
    assert stds[-1] < 0.5 * stds[0]  # the signal shrinks with depth
    factors = init_agc_gains(net, lambda: net(x))
    assert len(factors) == 6
    stds.clear()
    net(x)
    for h in hooks:
        h.remove()
    # outputs of the AGC layers (before the in-place ReLU) now have std 1
    assert all(abs(s - 1) < 1e-4 for s in stds), stds


# ---- mixed precision (torch.autocast, bf16) --------------------------------

def _offset_maps(seed=0):
    """bf16 maps with a large per-channel DC offset and small detail: the
    mean removal of Eq. 1 subtracts two nearly equal numbers."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(2, 6, 9, 11, generator=g) * 0.05 + torch.linspace(
        20, 90, 6).view(1, 6, 1, 1)
    return x.to(torch.bfloat16)


@pytest.mark.parametrize('grad', [False, True], ids=['inference', 'train'])
def test_bf16_input_statistics_in_float32(grad):
    """A bf16 input gives a bf16 output equal to Eq. 1 computed in float64
    on the same bf16 values, up to one bf16 rounding of the output; bf16
    statistics would be off by the rounding of the mean (~0.1-0.2 here,
    against a detail of 0.05)."""
    layer = AGC(6)
    x = _offset_maps()
    with torch.set_grad_enabled(grad):
        out = layer(x.requires_grad_(grad))
    assert out.dtype == torch.bfloat16
    lam, w, b = (p.detach().double() for p in (layer.lam, layer.weight,
                                               layer.bias))
    ref = agc_reference(x.detach().double(), lam, w, b)
    err = (out.double() - ref).abs().max().item()
    assert err <= 2 ** -8 * ref.abs().max().item() + 1e-6, err
    # what bf16 arithmetic throughout would give: clearly worse
    mean16 = x.detach().mean((2, 3), keepdim=True)  # rounded to bf16
    naive = (x.detach() - mean16).double()
    assert (naive - ref).abs().max().item() > 10 * err


@pytest.mark.parametrize('slope', [None, 0.0, 0.1])
def test_bf16_gradients_match_float64(slope):
    """AGCFunction's backward under bf16 (default and fused modes): every
    gradient matches float64 autograd on the same bf16 input and output
    gradient within bf16 tolerance, and comes back in its tensor's
    dtype."""
    x = _offset_maps(1)
    g = torch.Generator().manual_seed(2)
    dz = torch.randn(x.shape, generator=g).to(torch.bfloat16)
    lam, w, b = (p.float() for p in _params(6))
    lam, w, b = (p.detach().requires_grad_() for p in (lam, w, b))
    xb = x.clone().requires_grad_()
    out = AGCFunction.apply(xb, lam, w, b, slope)
    if slope is not None:  # the in-place activation fused mode expects
        out = (torch.relu_(out) if slope == 0 else
               torch.nn.functional.leaky_relu_(out, slope))
    out.backward(dz)
    assert xb.grad.dtype == torch.bfloat16
    assert all(p.grad.dtype == torch.float32 for p in (lam, w, b))
    xd = x.double().requires_grad_()
    pd = [p.detach().double().requires_grad_() for p in (lam, w, b)]
    ref = agc_reference(xd, *pd)
    if slope is not None:
        ref = torch.nn.functional.leaky_relu(ref, slope)
    ref.backward(dz.double())
    torch.testing.assert_close(xb.grad.double(), xd.grad, rtol=2e-2,
                               atol=2e-2 * xd.grad.abs().max().item())
    for p, q, name in zip((lam, w, b), pd, ('lam', 'weight', 'bias')):
        tol = 2e-2 * q.grad.abs().max().item()
        torch.testing.assert_close(p.grad.double(), q.grad, rtol=2e-2,
                                   atol=tol, msg=name)


def test_memory_property_holds_under_bf16_autocast():
    """Under bf16 autocast a fused conv-AGC-ReLU stack still keeps at most
    0.8x what the BN stack keeps (AGC's output stays bf16, the tensor the
    next conv keeps anyway)."""
    def stack(norm_cfg):
        return fuse_agc(nn.Sequential(*[
            ConvModule(3 if i == 0 else 16, 16, 3, padding=1,
                       norm_cfg=norm_cfg) for i in range(4)
        ]))

    x = torch.randn(2, 3, 32, 32)
    kept = {}
    for name, cfg in (('bn', dict(type='BN')), ('agc', dict(type='AGC'))):
        with torch.autocast('cpu', dtype=torch.bfloat16):
            out = stack(cfg)(x)
        assert out.dtype == torch.bfloat16, name
        kept[name] = saved_tensor_bytes(out)
    assert kept['agc'] <= 0.8 * kept['bn'], kept
