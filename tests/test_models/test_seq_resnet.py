"""SeqConv (against a plain reference from the paper's equations),
SeqResNet parameter counts, zero init, dilation, drop-in conv use."""
import pytest
import torch
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from mmseg_multipath.models.backbones import SeqResNet
from mmseg_multipath.models.layers import SeqConvLayer

init_default_scope('mmseg')


def reference(layer, x, shortcut=None):
    """Eq. 1 / Eq. 2 literally: a loop over groups that concatenates each
    group's window from S = [x, a_0, a_1, ...] (the official code's way)."""
    k, seq, raws, acts = layer.k, [x], [], []
    for i, grp in enumerate(layer.groups_):
        s = torch.cat(seq, 1)
        start = i * k if layer.windowed else 0
        window = s[:, start:start + layer.window_width(i)]
        pre = grp.conv(window)
        sc = None if shortcut is None else shortcut[:, i * k:(i + 1) * k]
        r, a = grp.finish(pre, sc)
        raws.append(r)
        acts.append(a)
        seq.append(a)
    return torch.cat(raws, 1), torch.cat(acts, 1)


CASES = [
    dict(c_in=16, c_out=16, k=4, window='in'),           # residual layer
    dict(c_in=16, c_out=32, k=4, window='in'),           # g > C_in / k
    dict(c_in=16, c_out=8, k=4, window='in'),            # extension-like
    dict(c_in=8, c_out=24, k=4, window=None),            # dense (stem)
    dict(c_in=16, c_out=16, k=4, window='in', bottleneck=True),
    dict(c_in=16, c_out=16, k=8, window='in', bottleneck=True, subgroups=4),
    dict(c_in=12, c_out=12, k=4, window=None, bottleneck=True, dilation=2),
]


@pytest.mark.parametrize('case', CASES, ids=str)
@pytest.mark.parametrize('with_shortcut', [False, True])
@pytest.mark.parametrize('layout', ['nchw', 'channels_last'])
def test_push_evaluation_equals_the_reference_loop(case, with_shortcut,
                                                   layout):
    torch.manual_seed(0)
    fmt = (torch.channels_last if layout == 'channels_last' else
           torch.contiguous_format)
    case = dict(case)
    layer = SeqConvLayer(case.pop('c_in'), case.pop('c_out'), case.pop('k'),
                         **case)
    for grp in layer.groups_:  # non-trivial norms
        for m in grp.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.data.uniform_(0.5, 1.5)
                m.bias.data.uniform_(-0.2, 0.2)
    layer.train().to(memory_format=fmt)
    x = torch.randn(2, layer.in_channels, 7, 9).to(
        memory_format=fmt).requires_grad_()
    sc = (torch.randn(2, layer.out_channels, 7, 9).to(
        memory_format=fmt).requires_grad_()
          if with_shortcut and layer.out_channels == layer.in_channels
          else None)
    r1, a1 = layer(x, sc)
    grads1 = torch.autograd.grad((r1 * 0.3 + a1).square().sum(),
                                 [x] + list(layer.parameters()))
    r2, a2 = reference(layer, x, sc)
    grads2 = torch.autograd.grad((r2 * 0.3 + a2).square().sum(),
                                 [x] + list(layer.parameters()))
    torch.testing.assert_close(r1, r2, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(a1, a2, rtol=1e-4, atol=1e-5)
    for g1, g2 in zip(grads1, grads2):
        torch.testing.assert_close(g1, g2, rtol=1e-3, atol=1e-4)
    layer.impl = 'reference'  # the library's own copy of the official loop
    r3, a3 = layer(x, sc)
    torch.testing.assert_close(a3, a2, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('layout', ['nchw', 'channels_last'])
@pytest.mark.parametrize('bottleneck', [False, True])
def test_first_group_norm_gets_a_dense_tensor(layout, bottleneck):
    """Group 0's accumulator is a channel slice of the x-part conv; handed
    to a norm as is, it would keep the whole x part alive for backward and,
    in channels_last, be strided in every layout (norms 5-9x slower)."""
    fmt = (torch.channels_last if layout == 'channels_last' else
           torch.contiguous_format)
    layer = SeqConvLayer(16, 16, 4, bottleneck=bottleneck).train().to(
        memory_format=fmt)
    seen = []
    norm = layer.groups_[0].norm1 if bottleneck else None
    if norm is None:  # plain groups: the accumulator goes through finish
        grp = layer.groups_[0]
        finish = grp.finish
        grp.finish = lambda pre, *a: seen.append(pre) or finish(pre, *a)
    else:
        norm.register_forward_pre_hook(lambda m, args: seen.append(args[0]))
    layer(torch.randn(2, 16, 5, 6).to(memory_format=fmt))
    pre, = seen
    assert pre._base is None  # not a view of the x part
    assert pre.is_contiguous(memory_format=fmt)


@pytest.mark.parametrize('c_in,c_out,k,h', [
    (32, 32, 4, 4),    # g = C_in / k = 8: groups 4-7 on x[:, 16:]
    (24, 24, 4, 3),    # g = 6
    (16, 32, 4, 4),    # g > C_in / k: groups 4-7 see no x at all
])
@pytest.mark.parametrize('bottleneck', [False, True])
def test_split_x_part_equals_the_reference_loop(c_in, c_out, k, h,
                                                bottleneck):
    """The x part in two convs (groups [0, h) on all of x, the rest on
    x[:, h k:]) gives the reference loop's outputs and gradients."""
    torch.manual_seed(0)
    layer = SeqConvLayer(c_in, c_out, k,
                         bottleneck=bottleneck).double().train()
    layer.x_split_min_saving = 0  # split even these tiny layers
    assert layer._x_split() == h
    x = torch.randn(2, c_in, 5, 6, dtype=torch.double, requires_grad=True)
    outs = []
    for impl in ('push', 'reference'):
        layer.impl = impl
        r, a = layer(x)
        outs.append((r, a) + torch.autograd.grad(
            (r * 0.3 + a).square().sum(), [x] + list(layer.parameters())))
    for o1, o2 in zip(*outs):
        torch.testing.assert_close(o1, o2, rtol=1e-9, atol=1e-10)


def test_x_split_where_it_pays_on_b22():
    """Split at 14x14/7x7 widths (k = 64, 128, 8 groups per window), not
    at k = 32 (the copy of x[:, h k:] costs more than it saves)."""
    assert SeqConvLayer(1024, 1024, 128)._x_split() == 4
    assert SeqConvLayer(512, 512, 64)._x_split() == 4
    assert SeqConvLayer(128, 128, 32)._x_split() == 4  # = g: no split
    assert SeqConvLayer(32, 128, 32, window=None)._x_split() == 4  # dense


def test_window_bookkeeping():
    w = SeqConvLayer(16, 32, 4)
    assert w.g == 8 and [w.window_width(i) for i in (0, 7)] == [16, 16]
    assert [g.conv.in_channels for g in w.groups_] == [16] * 8
    d = SeqConvLayer(8, 24, 4, window=None)
    assert [g.conv.in_channels for g in d.groups_] == [8, 12, 16, 20, 24, 28]
    # a_0 reaches the 4 windows after it (C_in / k = 4), then slides out
    _, first, n = w._push_weight(0)
    assert (first, n) == (1, 4)
    xw = w._x_weight()
    assert xw.shape == (32, 16, 3, 3)
    assert not xw[4:8, :4].any() and not xw[16:].any()
    with pytest.raises(ValueError, match='multiple of group_width'):
        SeqConvLayer(16, 30, 4)


@pytest.mark.parametrize('c_in,c_out,k', [(16, 16, 4), (16, 32, 4),
                                          (16, 8, 4), (8, 24, 2)])
def test_gathered_push_weights_equal_the_plain_slices(c_in, c_out, k):
    """The windowed layer gathers its x and push weights in one step with
    an inverse-gather backward; values and weight gradients must equal the
    plain slice-and-pad construction (``_x_weight``/``_push_weight``)."""
    torch.manual_seed(0)
    layer = SeqConvLayer(c_in, c_out, k)
    weights = [g.conv.weight for g in layer.groups_]
    xw, pushes = layer._windowed_weights()
    plain = [layer._push_weight(j) for j in range(layer.g)]
    assert torch.equal(xw, layer._x_weight())
    for j, (p, (q, first, n)) in enumerate(zip(pushes, plain)):
        assert (p is None) == (n == 0)
        if n:
            assert first == j + 1 and torch.equal(p, q)
    cx = torch.randn_like(xw)
    cps = [None if p is None else torch.randn_like(p) for p in pushes]

    def loss(xw, ps):
        return (xw * cx).sum() + sum((p * c).sum() for p, c in zip(ps, cps)
                                     if p is not None)
    g1 = torch.autograd.grad(loss(xw, pushes), weights)
    g2 = torch.autograd.grad(
        loss(layer._x_weight(), [q for q, _, _ in plain]), weights)
    for a, b in zip(g1, g2):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-6)


@pytest.mark.parametrize('arch,classes,count', [
    (dict(k=8, r=4, N=1), 10, 1_233_370),
    (dict(k=16, r=10, N=1), 10, 7_627_354),
    (dict(k=16, r=7, N=1, bottleneck=True), 10, 843_834),
    (dict(k=32, r=12, N=3, bottleneck=True), 10, 6_029_658),
    (dict(k=8, r=4, N=1), 100, 1_250_740),
    ('B22', 1000, 11_859_656),
    ('B42', 1000, 25_642_696),
    ('NeXt24', 1000, 26_211_784),
])
def test_parameter_counts_equal_the_official_code(arch, classes, count):
    net = SeqResNet(arch, with_blender=True, out_indices=(0, ))
    fc = net.widths[-1] * classes + classes
    assert sum(p.numel() for p in net.parameters()) + fc == count


def test_zero_init_of_layer_b_and_identity_at_start():
    net = SeqResNet(dict(k=4, r=1, N=1, bottleneck=True), out_indices=(0,))
    net.init_weights()
    blk = net.stages[0][0]
    assert all(not g.conv2.weight.any() for g in blk.layer_b.groups_)
    assert all(g.conv.weight.any() for g in blk.layer_b.groups_)
    assert all(g.conv2.weight.any() for g in blk.layer_a.groups_)
    plain = SeqResNet(dict(k=4, r=1, N=1), out_indices=(0, ))
    plain.init_weights()
    assert all(not g.conv.weight.any()
               for g in plain.stages[0][0].layer_b.groups_)


def test_strides_dilation_and_segmentation_outputs():
    net = SeqResNet('B22', out_indices=(0, 1, 2, 3)).eval()
    with torch.no_grad():
        outs = net(torch.randn(1, 3, 64, 64))
    assert [tuple(o.shape[1:]) for o in outs] == [
        (128, 16, 16), (256, 8, 8), (512, 4, 4), (1024, 2, 2)]
    os8 = SeqResNet('B22', out_indices=(0, 1, 2, 3), output_stride=8).eval()
    with torch.no_grad():
        outs = os8(torch.randn(1, 3, 64, 64))
    assert [o.shape[-1] for o in outs] == [16, 8, 8, 8]
    ds4 = os8.stages[3][0]
    assert ds4.shrink.conv.stride == (1, 1)
    assert os8.stages[3][1].layer_a.groups_[0].conv2.dilation == (4, 4)
    with pytest.raises(ValueError, match='ImageNet layout only'):
        SeqResNet(dict(k=4, r=1, N=1), output_stride=8)


# (stride, dilation) of every 3x3 conv, per stage: (down-sampling block,
# residual blocks); the rule of dilated ResNets, written out by hand
DILATED_PLAN = {
    8: [(None, 1), ((2, 1), 1), ((1, 1), 2), ((1, 2), 4)],
    16: [(None, 1), ((2, 1), 1), ((2, 1), 1), ((1, 1), 2)],
    32: [(None, 1), ((2, 1), 1), ((2, 1), 1), ((2, 1), 1)],
}


@pytest.mark.parametrize('output_stride', [8, 16, 32])
def test_every_conv_has_the_planned_stride_and_dilation(output_stride):
    net = SeqResNet('B22', out_indices=(3, ), output_stride=output_stride)
    seen = 0
    for name, m in net.named_modules():
        if not isinstance(m, torch.nn.Conv2d) or m.kernel_size[0] == 1:
            continue
        if name.startswith('stem'):
            assert m.dilation == (1, 1), name
            continue
        _, stage, block = name.split('.')[:3]
        ds, dilation = DILATED_PLAN[output_stride][int(stage)]
        if int(block) == 0 and ds is not None:  # the down-sampling block
            ds_stride, ds_dilation = ds
            want = ((ds_stride, ds_dilation) if '.shrink.' in name else
                    (1, ds_dilation))
        else:
            want = (1, dilation)
        assert (m.stride[0], m.dilation[0]) == want, name
        assert m.padding[0] == m.dilation[0] * (m.kernel_size[0] // 2), name
        seen += 1
    assert seen > 20


def test_frozen_stages_and_norm_eval():
    net = SeqResNet(dict(k=4, r=1, N=1), frozen_stages=1, norm_eval=True,
                    out_indices=(2, ))
    net.load_state_dict(net.state_dict())  # statistics loaded: they freeze
    net.train()
    assert not any(p.requires_grad for p in net.stem.parameters())
    assert not any(p.requires_grad for p in net.stages[0].parameters())
    assert all(p.requires_grad for p in net.stages[1].parameters())
    assert not any(m.training for m in net.modules()
                   if isinstance(m, torch.nn.BatchNorm2d))


def test_drop_in_conv_inside_an_mmseg_head():
    head = MODELS.build(dict(
        type='FCNHead', in_channels=32, channels=32, num_convs=2,
        concat_input=True, num_classes=5, norm_cfg=dict(type='BN'),
        conv_cfg=dict(type='WSeqConv2d', group_width=8)))
    assert type(head.convs[0].conv).__name__ == 'WSeqConv2d'
    out = head([torch.randn(2, 32, 9, 9)])
    assert out.shape == (2, 5, 9, 9)
    out.sum().backward()
    dense = MODELS.build(dict(type='ConvModule', in_channels=8,
                              out_channels=16, kernel_size=3, padding=1,
                              conv_cfg=dict(type='SeqConv2d', group_width=4)))
    assert dense(torch.randn(1, 8, 5, 5)).shape == (1, 16, 5, 5)
    with pytest.raises(ValueError, match='stride 2'):
        MODELS.build(dict(type='ConvModule', in_channels=8, out_channels=16,
                          kernel_size=3, stride=2, padding=1,
                          conv_cfg=dict(type='WSeqConv2d', group_width=4)))


def test_with_cp_matches():
    torch.manual_seed(0)
    a = SeqConvLayer(8, 8, 4)
    b = SeqConvLayer(8, 8, 4, with_cp=True)
    b.load_state_dict(a.state_dict())
    x = torch.randn(2, 8, 5, 5, requires_grad=True)
    ga, = torch.autograd.grad(a(x)[1].sum(), x)
    gb, = torch.autograd.grad(b(x)[1].sum(), x)
    torch.testing.assert_close(ga, gb)


def test_dropout_keeps_rate_and_scale():
    layer = SeqConvLayer(8, 8, 4, dropout=0.5).train()
    x = torch.ones(64, 8, 4, 4)
    r, _ = layer(x)
    assert torch.isfinite(r).all()
    layer.eval()
    r1, _ = layer(x)
    r2, _ = layer(x)
    torch.testing.assert_close(r1, r2)


def plain_forward(net, x):
    """SeqResNet's forward without skipping: every layer concatenates its
    raw outputs, down-sampling blocks concatenate [a_in, extension] apart."""
    raw, act = x, x
    for layer in net.stem:
        raw, act = layer(raw, act)
    for i, stage in enumerate(net.stages):
        for layer in stage:
            if hasattr(layer, 'extension'):
                _, ext = layer.extension(act)
                raw, act = layer.shrink(torch.cat([act, ext], 1))
            else:
                raw, act = layer(raw, act)
    return act


@pytest.mark.parametrize('arch', [
    dict(k=4, r=1, N=2, bottleneck=True),  # CIFAR: the stem's raw is read
    dict(width=0.125, blocks=(1, 2, 1, 1), group_widths=(4, 8, 8, 16),
         subgroups=(1, 1, 1, 1))])
def test_skipped_raw_streams_change_nothing(arch):
    torch.manual_seed(0)
    net = SeqResNet(arch, out_indices=(len(arch.get('blocks', 'abc')) - 1,))
    net.init_weights()
    for m in net.modules():  # LayerB must not start at zero here
        if isinstance(m, torch.nn.Conv2d) and not m.weight.any():
            torch.nn.init.normal_(m.weight, std=0.1)
    net.train()
    x = torch.randn(2, 3, 32, 32)
    params = list(net.parameters())
    out, = net(x)
    grads = torch.autograd.grad(out.square().sum(), params)
    ref = plain_forward(net, x)
    grads_ref = torch.autograd.grad(ref.square().sum(), params)
    torch.testing.assert_close(out, ref)
    for g1, g2 in zip(grads, grads_ref):
        torch.testing.assert_close(g1, g2)


def test_raw_streams_are_concatenated_only_where_read(monkeypatch):
    calls = {}
    forward = SeqConvLayer.forward

    def record(self, x, shortcut=None, keep_raw=True, prepend=None):
        calls[names[self]] = keep_raw
        return forward(self, x, shortcut, keep_raw, prepend)
    monkeypatch.setattr(SeqConvLayer, 'forward', record)
    for arch, read in [
            # B22 blocks (1, 1, 2, 1): only the first block of stage 3
            # feeds a block (the second one's shortcut)
            ('B22', {'stages.2.1.layer_b'}),
            # CIFAR: the stem's dense SeqConv feeds the first block
            (dict(k=4, r=1, N=1), {'stem.1'})]:
        net = SeqResNet(arch).eval()
        names = {m: n for n, m in net.named_modules()
                 if isinstance(m, SeqConvLayer)}
        calls.clear()
        with torch.no_grad():
            net(torch.randn(1, 3, 64, 64))
        assert set(calls) == set(names.values())
        assert {n for n, r in calls.items() if r} == read


@pytest.mark.parametrize('impl', ['push', 'reference'])
@pytest.mark.parametrize('with_cp', [False, True])
def test_prepend_is_concatenated_before_the_act_output(impl, with_cp):
    torch.manual_seed(0)
    layer = SeqConvLayer(8, 12, 4, impl=impl, with_cp=with_cp)
    x = torch.randn(2, 8, 5, 5, requires_grad=True)
    _, a = layer(x)
    raw, cat = layer(x, keep_raw=False, prepend=x)
    assert raw is None
    torch.testing.assert_close(cat, torch.cat([x, a], 1))
    g1, = torch.autograd.grad(cat.square().sum(), x)
    g2, = torch.autograd.grad(torch.cat([x, a], 1).square().sum(), x)
    torch.testing.assert_close(g1, g2)


@pytest.mark.parametrize('window', ['in', None])
def test_push_evaluation_traces_without_graph_breaks(window):
    """torch.compile sees one graph per layer: the push indices are built
    in __init__ (a data-dependent nonzero while tracing broke the graph
    into 6 and made the compiled B22 step slower than eager: 0.81 vs
    0.69 s in channels_last; 0.65 s compiled now)."""
    layer = SeqConvLayer(32, 32, 8, window=window, bottleneck=True)
    x = torch.randn(2, 32, 6, 6, requires_grad=True)
    explained = torch._dynamo.explain(layer)(x)
    assert explained.graph_break_count == 0, explained.break_reasons
    assert explained.graph_count == 1
    # the indices are buffers that follow the module but stay out of
    # checkpoints (state_dict keys as before: group weights and norms)
    assert all(k.startswith('groups_.') for k in layer.state_dict())
    if window == 'in':
        assert layer._push_idx.dtype == torch.long
        assert layer.double()._push_idx.dtype == torch.long


@pytest.mark.parametrize('official', [False, True])
def test_next_switch_changes_only_the_shrinking_conv_input(official):
    """Default: the shrinking conv reads [a_in, extension] (paper, B22/B42
    and CIFAR code). ``official_next_downsample``: it reads what the
    official SeqResNeXt code hands it after the extension layer popped and
    appended in place on the caller's list: the final window (the last C_in
    channels of [a_in, ext]) then ext, i.e. [ext, ext] for C_out = 2 C_in."""
    arch = dict(width=0.25, blocks=(1, 1, 1, 1), group_widths=(8, 8, 16, 16),
                subgroups=(2, 2, 2, 2))
    torch.manual_seed(0)
    ref = SeqResNet(arch, out_indices=(0, 1, 2, 3)).eval()
    net = SeqResNet(arch, out_indices=(0, 1, 2, 3),
                    official_next_downsample=official).eval()
    net.load_state_dict(ref.state_dict(), strict=True)
    seen = {}
    for name, m in net.named_modules():
        if name.endswith(('.extension', '.shrink')):
            m.register_forward_hook(
                lambda mod, args, out, name=name: seen.__setitem__(
                    name, (args, out)))
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        outs, ref_outs = net(x), ref(x)
    for s in (1, 2, 3):
        (a_in, ), (_, cat) = seen[f'stages.{s}.0.extension']
        c_in = a_in.shape[1]
        ext = cat[:, c_in:]
        assert ext.shape[1] == c_in  # NeXt widths double per stage
        shrink_in = seen[f'stages.{s}.0.shrink'][0][0]
        want = torch.cat([ext, ext] if official else [a_in, ext], 1)
        torch.testing.assert_close(shrink_in, want, rtol=0, atol=0)
    torch.testing.assert_close(outs[0], ref_outs[0])  # stage 1: untouched
    assert official != torch.allclose(outs[1], ref_outs[1])


def test_next_switch_with_a_narrow_extension_keeps_the_official_window():
    """C_out - C_in < C_in: the official window still holds the input's
    last groups, so the conv reads [a_in[:, m:], ext, ext]."""
    from mmseg_multipath.models.backbones.seq_resnet import SeqDownsample
    ds = SeqDownsample(8, 12, 2, 3, 2, dict(type='BN'), dict(type='ReLU'),
                       window='in', bottleneck=True, official_next=True).eval()
    seen = []
    ds.shrink.register_forward_hook(lambda m, a, o: seen.append(a[0]))
    a_in = torch.randn(1, 8, 8, 8)
    with torch.no_grad():
        ds(a_in, a_in)
        _, cat = ds.extension(a_in, keep_raw=False, prepend=a_in)
    ext = cat[:, 8:]
    torch.testing.assert_close(seen[0], torch.cat([a_in[:, 4:], ext, ext], 1))


@pytest.mark.parametrize('window', ['in', None], ids=['windowed', 'dense'])
@pytest.mark.parametrize('bottleneck', [False, True])
def test_push_evaluation_under_bf16_autocast(window, bottleneck):
    """The fast (push) path under bf16 autocast: its group accumulators
    add several bf16 conv outputs, the official loop rounds one conv per
    group; both stay within bf16 tolerance of float32, in bf16."""
    torch.manual_seed(0)
    layer = SeqConvLayer(32, 64, 8, window=window,
                         bottleneck=bottleneck).eval()
    x = torch.randn(2, 32, 9, 11)
    with torch.no_grad():
        r32, a32 = layer(x)
        with torch.autocast('cpu', dtype=torch.bfloat16):
            r16, a16 = layer(x)
            rr, ar = reference(layer, x, None)
    assert r16.dtype == a16.dtype == torch.bfloat16
    for got, ref in ((r16, r32), (a16, a32), (rr, r32), (ar, a32)):
        err = (got.float() - ref).abs().max().item()
        assert err <= 0.05 * ref.abs().max().item(), err
