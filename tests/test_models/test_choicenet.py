"""ChoiceNet: module bookkeeping, pooling, Eq. 3-4 blocks, backbones."""
import pytest
import torch
from mmengine.optim import OptimWrapper
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from mmseg_multipath.models.backbones import ChoiceNet, ChoiceUNet
from mmseg_multipath.models.backbones.choicenet import PAPER_PARAMS
from mmseg_multipath.models.layers import ChoiceBlock, ChoiceModule, MaxAvgPool
from ..conftest import seg_samples

init_default_scope('mmseg')


def _n(m):
    return sum(p.numel() for p in m.parameters())


@pytest.mark.parametrize('kw', [
    dict(), dict(chain_kernels='mixed'), dict(two_pass=True),
    dict(bottleneck_channels=10, out_channels=10 + 6 * 3, growth=3)])
def test_module_channels_and_shapes(kw):
    kw = dict(dict(out_channels=40, growth=4), **kw)
    m = ChoiceModule(12, **kw).eval()
    assert m.out_channels == ChoiceModule.out_width(
        m.bottleneck_channels, m.growth)
    out = m(torch.randn(2, 12, 9, 11))
    assert out.shape == (2, kw['out_channels'], 9, 11)
    assert len(m.paths()) == len(m.path_slices()) == 7
    assert m.path_slices()[-1][1] == kw['out_channels']
    kernels = [c[0].conv.kernel_size[0] for c in m.chains]
    if kw.get('chain_kernels') == 'mixed':
        assert [conv.conv.kernel_size[0] for conv in m.chains[0]] == [3, 5, 7]
    else:
        assert kernels == [3, 5, 7]
        assert [conv.conv.kernel_size[0] for conv in m.chains[2]] == [7] * 3


def test_module_parameter_formula_and_conv_bn_relu_order():
    c_in, b, g = 12, 16, 4
    m = ChoiceModule(c_in, b + 6 * g, g)
    chains = sum(k * k * (b * g + 2 * g * g) + 3 * 2 * g for k in (3, 5, 7))
    assert _n(m) == c_in * b + 2 * b + chains
    assert m.bottleneck.order == ('conv', 'norm', 'act')
    assert m.bottleneck.conv.bias is None
    with pytest.raises(ValueError, match='must equal bottleneck'):
        ChoiceModule(8, 20, 4)  # b = 20 - 24 < 0


def test_skip_and_no_skip_pieces_really_differ():
    torch.manual_seed(0)
    m = ChoiceModule(8, 16 + 6 * 4, 4).eval()
    x = torch.randn(1, 8, 6, 6)
    out = m(x)
    torch.testing.assert_close(out[:, :16], m.bottleneck(x))  # E
    sl = m.path_slices()
    for with_skip, without in zip(sl[1::2], sl[2::2]):
        assert not torch.allclose(out[:, slice(*with_skip)],
                                  out[:, slice(*without)])
    two = ChoiceModule(8, 40, 4, two_pass=True).eval()
    two.load_state_dict(m.state_dict())
    x = torch.randn(1, 8, 6, 6)
    a, b = m(x), two(x)
    torch.testing.assert_close(a[:, :16 + 4], b[:, :16 + 4])  # E and A
    assert not torch.allclose(a[:, 20:24], b[:, 20:24])       # B differs


def test_max_avg_pool():
    x = torch.arange(16.).view(1, 1, 4, 4)
    y = MaxAvgPool()(x)
    assert y.shape == (1, 2, 2, 2)
    assert y[0, 0, 0, 0] == 5 and y[0, 1, 0, 0] == 2.5
    assert MaxAvgPool()(torch.randn(2, 3, 7, 9)).shape == (2, 6, 3, 4)


def test_block_follows_eq_3_and_4():
    torch.manual_seed(0)
    blk = ChoiceBlock(40, 3, 4).eval()
    x0 = torch.randn(1, 40, 5, 5)
    h = blk.choice_modules
    x1 = h[0](x0) + x0
    x2 = h[1](torch.cat([x1, x0], 1)) + x1
    x3 = h[2](torch.cat([x2, x1], 1)) + x2
    torch.testing.assert_close(blk(x0), x3)
    assert h[0].in_channels == 40 and h[1].in_channels == 80


@pytest.mark.parametrize('depth', [30, 37, 40])
def test_choicenet_parameters_within_5_percent_of_table1(depth):
    net = ChoiceNet(depth)
    c = net.out_channels[-1]
    total = _n(net) + c * 10 + 10  # CIFAR-10 classifier
    assert abs(total / PAPER_PARAMS[depth] - 1) < 0.05, total
    assert all(len(b.choice_modules) == 3 for b in net.blocks)


def test_choicenet_shapes_and_dropout():
    net = ChoiceNet(growth=2, out_indices=(0, 1, 2), dropout=0.5).eval()
    outs = net(torch.randn(2, 3, 32, 32))
    assert [tuple(o.shape[1:]) for o in outs] == [
        (20, 32, 32), (20, 16, 16), (20, 8, 8)]
    assert net.blocks[0].choice_modules[0].drop.p == 0.5


@pytest.mark.parametrize('block', ['choice', 'res', 'dense'])
@pytest.mark.parametrize('up', ['bilinear', 'deconv'])
def test_choice_unet_block_types_any_size(block, up):
    net = ChoiceUNet(block, base_channels=8, num_stages=4, upsample=up)
    outs = net(torch.randn(1, 3, 45, 60))  # not divisible by 8
    assert [tuple(o.shape[1:]) for o in outs] == [
        (64, 5, 7), (32, 11, 15), (16, 22, 30), (8, 45, 60)]


def test_choice_unet_parameters_and_max_pooling():
    counts = {b: _n(ChoiceUNet(b)) for b in ('choice', 'res', 'dense')}
    # the paper: fewer parameters than the Res- and Dense-block U-Nets
    assert counts['choice'] < counts['dense'] < counts['res']
    net = ChoiceUNet('res', base_channels=8, num_stages=3, downsample='max')
    assert net.encoder[1].conv1.conv.in_channels == 8
    with pytest.raises(ValueError, match="'choice', 'res' or 'dense'"):
        ChoiceUNet('inception')


@pytest.mark.parametrize('block', ['choice', 'res', 'dense'])
def test_one_cpu_train_iteration(block):
    model = MODELS.build(dict(
        type='EncoderDecoder',
        data_preprocessor=dict(type='SegDataPreProcessor', size=(32, 48)),
        backbone=dict(type='ChoiceUNet', block=block, base_channels=8,
                      num_stages=3),
        decode_head=dict(type='FCNHead', in_channels=8, in_index=2,
                         channels=8, num_convs=1, concat_input=False,
                         num_classes=5,
                         loss_decode=dict(type='CrossEntropyLoss'))))
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), lr=1e-3))
    data = dict(inputs=[torch.randint(0, 255, (3, 32, 48),
                                      dtype=torch.uint8)] * 2,
                data_samples=seg_samples(2, 5, 32, 48))
    model.train()
    log = model.train_step(data, optim)
    assert torch.isfinite(log['loss'])
