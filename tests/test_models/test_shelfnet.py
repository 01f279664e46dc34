"""ShelfNet: the S-Block, the shelf head (full and lw), configs, converter."""
import importlib.util
import os.path as osp
import re

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from mmseg_multipath.models.decode_heads import ShelfHead
from mmseg_multipath.models.layers import SharedResBlock
from ..conftest import ROOT, seg_samples

init_default_scope('mmseg')
CFG = osp.join(ROOT, 'configs', 'shelfnet')
LEAKY = dict(type='LeakyReLU', negative_slope=0.01)


def _n(m):
    return sum(p.numel() for p in m.parameters())


def _model(name, **head):
    cfg = Config.fromfile(osp.join(CFG, name))
    cfg.model.backbone.init_cfg = None
    for k in ('backbone', 'decode_head', 'auxiliary_head'):
        if k in cfg.model and cfg.model[k] and 'norm_cfg' in cfg.model[k]:
            cfg.model[k].norm_cfg = dict(type='BN', requires_grad=True)
    cfg.model.decode_head.update(head)
    return MODELS.build(cfg.model)


def test_sblock_shares_one_conv_between_two_norms():
    blk = SharedResBlock(8, dropout=0.0)
    convs = [m for m in blk.modules() if isinstance(m, nn.Conv2d)]
    assert len(convs) == 1 and blk.conv1.bias is not None
    assert isinstance(blk.bn1, nn.BatchNorm2d) and blk.bn1 is not blk.bn2
    assert _n(blk) == 9 * 64 + 8 + 4 * 8
    assert sorted(blk.state_dict())[:2] == ['bn1.bias',
                                            'bn1.num_batches_tracked']
    # equals the paper's block written with two convs holding one weight
    x = torch.randn(2, 8, 6, 6, requires_grad=True)
    blk.train()
    y = blk(x)
    w, b = blk.conv1.weight, blk.conv1.bias
    ref = F.relu(blk.bn1(F.conv2d(x, w, b, padding=1)))
    ref = F.relu(blk.bn2(F.conv2d(ref, w, b, padding=1)) + x)
    torch.testing.assert_close(y, ref)
    y.sum().backward()
    assert blk.conv1.weight.grad is not None


def test_sblock_activation_dropout_and_agc():
    blk = SharedResBlock(4, dropout=0.1, act_cfg=LEAKY,
                         norm_cfg=dict(type='AGC'))
    assert isinstance(blk.act, nn.LeakyReLU) and blk.act.negative_slope == 0.01
    assert isinstance(blk.drop, nn.Dropout2d) and blk.drop.p == 0.1
    assert blk.norm1_name == 'agc1'
    assert blk(torch.randn(1, 4, 5, 5)).shape == (1, 4, 5, 5)


def test_head_parameter_counts_equal_the_official_code():
    # official minus its unused decoder.inconv (37,184)
    full = ShelfHead([256, 512, 1024, 2048], 64, num_classes=21,
                     use_se_loss=True, dropout_ratio=0)
    assert _n(full) == 13_180_586 - 37_184
    assert _n(full.decoder) == 4_724_160 - 37_184
    assert _n(full.ladders[0]) == 7_049_728
    lw = ShelfHead([128, 256, 512], 64, variant='lw', num_classes=19,
                   aux_outputs=True, dropout_ratio=0)
    assert _n(lw) == 3_424_256 - 37_184
    assert _n(lw.ladders[0]) == 1_757_184


def test_model_parameter_counts():
    lw18 = _model('shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py')
    assert _n(lw18) == 14_600_768 - 37_184  # official 'effective' count
    lw34 = _model('shelfnet34-lw_2xb8-80k_cityscapes-1024x1024.py')
    assert _n(lw34) == 33_597_248
    r50 = _model('shelfnet_r50_4xb3-40k_voc12aug-512x512.py')
    assert _n(r50) == 39_053_823 - 37_184
    inference = _n(r50.backbone) + _n(r50.decode_head) - _n(
        r50.decode_head.se_layer)
    assert inference == 36_640_661
    assert _n(r50.auxiliary_head) == 2_365_205


def test_shapes_at_every_column_full():
    head = ShelfHead([8, 16, 32, 64], 4, num_classes=5, use_se_loss=True)
    feats = [torch.randn(2, c, 32 >> i, 32 >> i)
             for i, c in enumerate([8, 16, 32, 64])]
    lat = [m(f) for m, f in zip(head.laterals, feats)]
    dec = head.decoder(lat)
    lad = head.ladders[0](dec)
    for col in (dec, lad):
        assert [tuple(t.shape[1:]) for t in col] == [
            (4, 32, 32), (8, 16, 16), (16, 8, 8), (32, 4, 4)]
    head.train()
    main, se = head(feats)
    assert main.shape == (2, 5, 32, 32) and se.shape == (2, 5)
    head.eval()
    main, se = head(feats)  # one return type, in eval too
    assert main.shape == (2, 5, 32, 32) and se.shape == (2, 5)


@pytest.mark.parametrize('pairs', [1, 2, 3])
def test_number_of_pairs_and_gradient_reaches_every_column(pairs):
    head = ShelfHead([8, 16, 32], 4, variant='lw', num_pairs=pairs,
                     num_classes=3, aux_outputs=True, act_cfg=LEAKY,
                     block_act_cfg=LEAKY, block_dropout=0.0)
    assert len(head.ladders) == pairs - 1
    feats = [torch.randn(2, c, 16 >> i, 16 >> i)
             for i, c in enumerate([8, 16, 32])]
    head.train()
    outs = head(feats)
    assert [tuple(o.shape[-2:]) for o in outs] == [(16, 16), (8, 8), (4, 4)]
    sum(o.square().mean() for o in outs).backward()
    for name, p in head.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name


def test_se_loss_and_aux_losses_in_training():
    model = _model('shelfnet_r50_4xb3-40k_voc12aug-512x512.py')
    x = torch.randn(2, 3, 64, 64)
    samples = seg_samples(2, 21, 64, 64)
    model.train()
    losses = model.loss(x, samples)
    assert {'decode.loss_ce', 'decode.loss_se', 'aux.loss_ce'} <= set(losses)
    lw = _model('shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py',
                sampler=dict(type='OHEMPixelSampler', thresh=0.7,
                             min_kept=256))
    lw.train()
    for s in samples:
        s.gt_sem_seg.data.clamp_(max=18)
    losses = lw.loss(x, samples)
    assert {'decode.loss_ce', 'decode.loss_ce_aux16',
            'decode.loss_ce_aux32'} <= set(losses)


@pytest.mark.parametrize('name', [
    'shelfnet_r50_4xb3-40k_voc12aug-512x512.py',
    'shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py',
    'shelfnet34-lw_2xb8-80k_cityscapes-1024x1024.py'])
def test_one_cpu_train_iteration(name):
    from mmengine.optim import OptimWrapper
    model = _model(name, sampler=None)
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.01))
    data = dict(inputs=[torch.randint(0, 255, (3, 64, 64),
                                      dtype=torch.uint8)] * 2,
                data_samples=seg_samples(2, 11, 64, 64))
    before = model.decode_head.conv_seg.weight.detach().clone()
    model.train()
    log = model.train_step(data, optim)
    assert torch.isfinite(log['loss'])
    assert not torch.equal(before, model.decode_head.conv_seg.weight)


# Official real-time layout facts (ShelfNet-lw-cityscapes): every norm is an
# In-Place ABN (no num_batches_tracked) except the S-Blocks' bn2, plain
# BatchNorm2d; decoder.inconv is a full (unused) S-Block.
SBLOCK_BN2 = re.compile(r'^(decoder\.(bottom|inconv)|ladder\.(inconv|bottom|'
                        r'down_module_list\.\d+))\.bn2\.')


def _official_lw(ours):
    """Our state dict written back in the official ShelfNet-lw layout."""
    out = {}
    for k, v in ours.items():
        k = (k.replace('decode_head.laterals.0.', 'trans1.')
              .replace('decode_head.laterals.1.', 'trans2.')
              .replace('decode_head.laterals.2.', 'trans3.')
              .replace('decode_head.decoder.', 'decoder.')
              .replace('decode_head.ladders.0.', 'ladder.')
              .replace('decode_head.out_conv.', 'conv_out.conv.')
              .replace('decode_head.conv_seg.', 'conv_out.conv_out.')
              .replace('decode_head.aux_heads.0.', 'conv_out16.')
              .replace('decode_head.aux_heads.1.', 'conv_out32.'))
        if k.endswith('num_batches_tracked') and not SBLOCK_BN2.match(k):
            continue  # In-Place ABN stores none
        out[k] = v
    c = out['decoder.bottom.conv1.weight'].shape[0] // 4  # decoder planes
    out['decoder.inconv.conv1.weight'] = torch.randn(c, c, 3, 3)
    out['decoder.inconv.conv1.bias'] = torch.randn(c)
    for bn in ('bn1', 'bn2'):
        for p in ('weight', 'bias', 'running_mean', 'running_var'):
            out[f'decoder.inconv.{bn}.{p}'] = torch.rand(c) + 0.5
    out['decoder.inconv.bn2.num_batches_tracked'] = torch.tensor(5)
    return out


def _signed(state, seed=0):
    """Random signed values for every float tensor (norm weights < 0 too),
    positive running variances."""
    g = torch.Generator().manual_seed(seed)
    out = {}
    for k, v in state.items():
        if k.endswith('running_var'):
            out[k] = torch.rand(v.shape, generator=g) + 0.5
        elif v.is_floating_point():
            out[k] = torch.randn(v.shape, generator=g)
        else:
            out[k] = v
    return out


def _load_tool():
    spec = importlib.util.spec_from_file_location('shelfnet2mmseg', osp.join(
        ROOT, 'tools', 'model_converters', 'shelfnet2mmseg.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize('name,n_abn', [
    ('shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py', 43),
    ('shelfnet34-lw_2xb8-80k_cityscapes-1024x1024.py', 56)])
def test_converter_lw_round_trip(tmp_path, name, n_abn):
    """Official layout with signed random weights -> our keys; In-Place ABN
    weights become abs(w) + 1e-5, everything else is copied."""
    tool = _load_tool()
    model = _model(name)
    ours = _signed(model.state_dict())
    official = _official_lw(ours)
    abn = [p for p in tool.inplace_abn_norms(official)
           if not p.startswith('decoder.inconv.')]
    assert len(abn) == n_abn
    assert not any(SBLOCK_BN2.match(p + 'x') for p in abn)
    assert any(p.startswith('backbone.layer1.0.bn2.') for p in abn)
    assert 'decoder.bottom.bn2.' not in abn
    assert sum(official[p + 'weight'].lt(0).sum() for p in abn) > 0
    src, dst = tmp_path / 'ShelfNet_realtime.pth', tmp_path / 'ours.pth'
    torch.save(official, src)
    tool.main([str(src), str(dst)])
    conv = torch.load(dst, weights_only=True)['state_dict']
    assert set(conv) == set(ours)
    converted_abn = 0
    for k, v in ours.items():
        if k.endswith('num_batches_tracked'):
            continue
        if torch.equal(conv[k], v):
            continue
        # only the In-Place ABN scales differ, and by the kernel's rule
        assert k.endswith('.weight') and v.dim() == 1, k
        torch.testing.assert_close(conv[k], v.double().abs() + 1e-5, rtol=0,
                                   atol=0)
        converted_abn += 1
    assert converted_abn == n_abn
    model.load_state_dict(conv, strict=True)


def test_converted_inplace_abn_equals_the_official_maths():
    """In-Place ABN (eval) computes (x - mean) / sqrt(var + eps) *
    (|w| + eps) + b, then its activation (inplace_abn_cpu.cpp forward_cpu);
    a BatchNorm2d with the converted weight gives the same in float64, for
    negative weights too."""
    tool = _load_tool()
    g = torch.Generator().manual_seed(0)
    c, eps = 6, 1e-5
    w = torch.tensor([-2.0, -0.3, -1e-6, 0.0, 0.7, 1.5], dtype=torch.float64)
    b = torch.randn(c, generator=g, dtype=torch.float64)
    mean = torch.randn(c, generator=g, dtype=torch.float64)
    var = torch.rand(c, generator=g, dtype=torch.float64) + 0.1
    official = {'trans1.bn.weight': w, 'trans1.bn.bias': b,
                'trans1.bn.running_mean': mean, 'trans1.bn.running_var': var,
                'trans1.conv.weight': torch.ones(c, 2, 1, 1)}
    conv, _ = tool.convert(official)
    bn = nn.BatchNorm2d(c, eps=eps).double().eval()
    bn.load_state_dict({k.split('.bn.')[1]: v for k, v in conv.items()
                        if '.bn.' in k})
    x = torch.randn(2, c, 5, 5, generator=g, dtype=torch.float64)
    sh = (1, c, 1, 1)
    ref = ((x - mean.view(sh)) * torch.rsqrt(var.view(sh) + eps) *
           (w.abs() + eps).view(sh) + b.view(sh))
    torch.testing.assert_close(F.leaky_relu(bn(x), 0.01),
                               F.leaky_relu(ref, 0.01), rtol=1e-12,
                               atol=1e-12)
    # plain BatchNorm2d layers (num_batches_tracked present) are copied
    official['trans1.bn.num_batches_tracked'] = torch.tensor(3)
    conv, _ = tool.convert(official)
    assert torch.equal(conv['decode_head.laterals.0.bn.weight'], w)


def test_converter_full_layout_and_bad_input(tmp_path):
    tool = _load_tool()
    model = _model('shelfnet_r50_4xb3-40k_voc12aug-512x512.py')
    official = {}
    for k, v in model.state_dict().items():
        k = (k.replace('backbone.', 'pretrained.')
              .replace('decode_head.decoder.', 'head.decoder.')
              .replace('decode_head.ladders.0.', 'head.ladder.')
              .replace('decode_head.conv_seg.', 'head.final.')
              .replace('decode_head.se_layer.', 'head.selayer.')
              .replace('auxiliary_head.convs.0.conv.', 'auxlayer.conv5.0.')
              .replace('auxiliary_head.convs.0.bn.', 'auxlayer.conv5.1.')
              .replace('auxiliary_head.conv_seg.', 'auxlayer.conv5.4.'))
        for i in range(4):
            k = (k.replace(f'decode_head.laterals.{i}.conv.',
                           f'head.conv{i + 1}.')
                 .replace(f'decode_head.laterals.{i}.bn.', f'head.bn{i + 1}.'))
        official[k] = v
    official['pretrained.fc.weight'] = torch.zeros(1000, 2048)
    converted, layout = tool.convert(official)
    assert layout == 'full'
    model.load_state_dict(converted, strict=True)
    with pytest.raises(ValueError, match='not an official ShelfNet'):
        tool.convert({'foo.weight': torch.zeros(1)})
    with pytest.raises(ValueError, match='unexpected key .* head.extra'):
        tool.convert({'head.extra.weight': torch.zeros(1)})


def test_cityscapes_lw_test_cfg_is_the_official_window_protocol():
    """The official evaluate.py (cropsize 1024, stride_rate 1.0) scores a
    1024x2048 image with two non-overlapping windows at (0, 0) and
    (0, 1024); mmseg's slide_inference with the shipped test_cfg visits
    exactly those, once each."""
    cfg = Config.fromfile(osp.join(
        CFG, 'shelfnet18-lw_2xb8-80k_cityscapes-1024x1024.py'))
    assert cfg.model.test_cfg.mode == 'slide'
    from mmseg.models.segmentors import EncoderDecoder
    model = EncoderDecoder.__new__(EncoderDecoder)
    nn.Module.__init__(model)
    model.test_cfg = cfg.model.test_cfg
    model.out_channels = 19
    seen = []

    def encode_decode(crop, metas):
        seen.append((int(crop[0, 0, 0, 0]), int(crop[0, 1, 0, 0]),
                     tuple(crop.shape[2:])))
        return torch.zeros(1, 19, *crop.shape[2:])

    model.encode_decode = encode_decode
    ys, xs = torch.meshgrid(torch.arange(1024.), torch.arange(2048.),
                            indexing='ij')
    img = torch.stack([ys, xs, xs])[None]
    model.slide_inference(img, [dict(img_shape=(1024, 2048))])
    assert sorted(seen) == [(0, 0, (1024, 1024)), (0, 1024, (1024, 1024))]


def test_lw_head_resizes_without_align_corners_noise():
    """The official heads up-sample with align_corners=True on purpose;
    mmseg's resize warning about it is not shown for this head (and still
    is for other callers)."""
    import warnings

    from mmseg.models.utils import resize
    head = ShelfHead(in_channels=[16, 32, 64], channels=8, variant='lw',
                     num_classes=3, norm_cfg=dict(type='BN'),
                     align_corners=True, aux_outputs=True, aux_channels=8)
    feats = [torch.randn(2, c, s, s) for c, s in ((16, 12), (32, 6),
                                                  (64, 3))]
    samples = seg_samples(2, 3, 97, 97, metainfo=False)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter('always')
        head.train()
        head.loss_by_feat(head(feats), samples)
        head.eval()
        head.predict(feats, [dict(img_shape=(97, 97))] * 2, None)
        assert not [w for w in seen if 'align_corners' in str(w.message)]
        resize(torch.randn(1, 1, 3, 3), size=(100, 100), mode='bilinear',
               align_corners=True)
    assert [w for w in seen if 'align_corners' in str(w.message)]


def test_se_loss_is_bce_on_the_classes_present():
    """The SE loss: BCE (weight 0.2) of the SE logits against the classes
    present in each label map (ignored pixels are no class), written out
    here by hand."""
    torch.manual_seed(0)
    head = ShelfHead(in_channels=[8, 16], channels=4, num_classes=5,
                     use_se_loss=True, dropout_ratio=0)
    feats = [torch.randn(3, 8, 8, 8), torch.randn(3, 16, 4, 4)]
    samples = seg_samples(3, 5, 32, 32, metainfo=False)
    labels = [torch.tensor([0, 3]), torch.tensor([2]), torch.tensor([1, 4])]
    for s, present in zip(samples, labels):
        lab = present[torch.randint(0, len(present), (1, 32, 32))]
        lab[0, :3] = 255
        s.gt_sem_seg.data = lab
    head.train()
    main, se = head(feats)
    losses = head.loss_by_feat((main, se), samples)
    target = torch.zeros(3, 5)
    for i, present in enumerate(labels):
        target[i, present] = 1
    expected = 0.2 * F.binary_cross_entropy_with_logits(se, target)
    torch.testing.assert_close(losses['loss_se'], expected)


@pytest.mark.parametrize('extra', [
    dict(), dict(aux_outputs=True, aux_channels=8), dict(use_se_loss=True)])
def test_one_return_type_per_config_and_predict_takes_the_main_output(
        extra):
    """forward returns a tensor without extra outputs and (main, *extra)
    with them, in training and eval alike; predict computes the main
    output only (the auxiliary heads do not run)."""
    torch.manual_seed(0)
    variant = 'lw' if extra.get('aux_outputs') else 'full'
    head = ShelfHead(in_channels=[16, 32, 64], channels=8, variant=variant,
                     num_classes=3, dropout_ratio=0, **extra).eval()
    feats = [torch.randn(2, c, s, s) for c, s in ((16, 12), (32, 6),
                                                  (64, 3))]
    n_extra = 2 if extra.get('aux_outputs') else int(
        bool(extra.get('use_se_loss')))
    assert head.num_extra_outputs == n_extra
    for mode in (True, False):
        head.train(mode)
        out = head(feats)
        if n_extra:
            assert isinstance(out, tuple) and len(out) == 1 + n_extra
        else:
            assert isinstance(out, torch.Tensor)
    head.eval()
    ran = []
    for h in getattr(head, 'aux_heads', []):
        h.register_forward_hook(lambda *a: ran.append(1))
    with torch.no_grad():
        main = head(feats)[0] if n_extra else head(feats)
        ran.clear()
        seg = head.predict(feats, [dict(img_shape=(48, 48))] * 2, None)
    assert not ran
    torch.testing.assert_close(
        seg, F.interpolate(main, size=(48, 48), mode='bilinear',
                           align_corners=False))


# ---- the head's maths against a forward written from the official code ----
# (ShelfNet-lw-cityscapes ShelfNet18_realtime/shelfnet.py, ShelfBlock.py;
# ShelfNet pascal branch LadderNetv66_small.py), functional ops on the
# head's own weights: a dropped activation, another resize mode or a wrong
# skip changes the values.

def _bn(x, p, name):
    return F.batch_norm(x, p[f'{name}.running_mean'],
                        p[f'{name}.running_var'], p[f'{name}.weight'],
                        p[f'{name}.bias'], False, 0.0, 1e-5)


def _leaky(x):
    return F.leaky_relu(x, 0.01)


def _conv_bn_act(x, p, name, act):  # ConvBNReLU / ConvModule, no bias
    w = p[f'{name}.conv.weight']
    return act(_bn(F.conv2d(x, w, padding=w.shape[-1] // 2), p,
                   f'{name}.bn'))


def _sblock(x, p, name, act):  # conv shared by its two uses
    w, b = p[f'{name}.conv1.weight'], p[f'{name}.conv1.bias']
    y = act(_bn(F.conv2d(x, w, b, padding=1), p, f'{name}.bn1'))
    y = _bn(F.conv2d(y, w, b, padding=1), p, f'{name}.bn2')
    return F.relu(y + x)


def _up_lw(x, skip, p, name):  # ARM, nearest x2, sum, ConvBNReLU
    arm = f'{name}.up_conv_list'
    x = _conv_bn_act(x, p, f'{arm}.conv', _leaky)
    att = F.conv2d(x.mean((2, 3), keepdim=True), p[f'{arm}.conv_atten.weight'])
    x = x * _bn(att, p, f'{arm}.bn_atten').sigmoid()
    x = F.interpolate(x, scale_factor=2, mode='nearest')
    return _conv_bn_act(x + skip, p, f'{name}.up_dense_list', _leaky)


def _up_full(x, skip, p, name):  # ConvTranspose2d x2, sum, S-Block
    t = f'{name}.up_conv_list'
    x = F.conv_transpose2d(x, p[f'{t}.weight'], p[f'{t}.bias'], stride=2,
                           padding=1, output_padding=1)
    return _sblock(x + skip, p, f'{name}.up_dense_list', F.relu)


def _reference_head(p, feats, variant):
    act = _leaky if variant == 'lw' else F.relu
    up = _up_lw if variant == 'lw' else _up_full
    n = len(feats)
    lat = [_conv_bn_act(f, p, f'laterals.{i}', act)
           for i, f in enumerate(feats)]

    def up_column(x, skips, name):
        outs = [x]
        for j in range(n - 1):
            x = up(x, skips[n - 2 - j], p, name.replace('#', str(j)))
            outs.append(x)
        return outs[::-1]

    # column 2 (decoder): S-Block at the bottom, then up with the laterals
    dec = up_column(_sblock(lat[-1], p, 'decoder.bottom', act), lat,
                    'decoder.#')
    # column 3 (ladder down): inconv, per level + decoder map, S-Block,
    # stride-2 conv + ReLU; no 1/32 lateral at the bottom
    x = _sblock(dec[0], p, 'ladders.0.inconv', act)
    skips = []
    for i in range(n - 1):
        x = _sblock(x + dec[i], p, f'ladders.0.down_module_list.{i}', act)
        skips.append(x)
        x = F.relu(F.conv2d(x, p[f'ladders.0.down_conv_list.{i}.weight'],
                            p[f'ladders.0.down_conv_list.{i}.bias'],
                            stride=2, padding=1))
    x = _sblock(x, p, 'ladders.0.bottom', act)
    # column 4 (ladder up): up with the ladder's own skips
    maps = up_column(x, skips + [None], 'ladders.0.#')
    x = maps[0]
    if variant == 'lw':  # NetOutput: ConvBNReLU + 3x3 conv without bias
        x = _conv_bn_act(x, p, 'out_conv', _leaky)
        return F.conv2d(x, p['conv_seg.weight'], padding=1)
    return F.conv2d(x, p['conv_seg.weight'], p['conv_seg.bias'])


@pytest.mark.parametrize('variant', ['lw', 'full'])
def test_head_forward_equals_the_official_maths(variant):
    torch.manual_seed(0)
    leaky = dict(type='LeakyReLU', negative_slope=0.01)
    acts = (dict(block_act_cfg=leaky, act_cfg=leaky) if variant == 'lw'
            else dict())
    head = ShelfHead(in_channels=[12, 20, 28], channels=8, variant=variant,
                     num_classes=5, block_dropout=0.1, dropout_ratio=0,
                     **acts)
    for m in head.modules():  # weights and statistics far from identity
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.5, 0.5)
        elif isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            m.weight.data.normal_(0, 0.3)
            if m.bias is not None:
                m.bias.data.uniform_(-0.2, 0.2)
    head.eval()
    feats = [torch.randn(2, c, h, w) for c, h, w in
             ((12, 16, 20), (20, 8, 10), (28, 4, 5))]
    params = head.state_dict()
    with torch.no_grad():
        got = head(feats)
        by_step = {}
        for k, v in params.items():
            m = re.match(r'(decoder|ladders\.0)\.up_(conv|dense)_list\.(\d+)'
                         r'\.(.*)', k)
            if m:
                by_step[f'{m.group(1)}.{m.group(3)}.up_{m.group(2)}_list.'
                        f'{m.group(4)}'] = v
        want = _reference_head({**params, **by_step}, feats, variant)
    assert got.shape == want.shape == (2, 5, 16, 20)
    torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-4)


def test_reduce_false_refuses_a_width_it_would_ignore():
    with pytest.raises(ValueError, match='no effect with reduce=False'):
        ShelfHead([8, 16, 32], 4, variant='lw', reduce=False, num_classes=5)
    with pytest.raises(ValueError, match='reduce=True needs channels'):
        ShelfHead([8, 16, 32], variant='lw', num_classes=5)
    head = ShelfHead([8, 16, 32], variant='lw', reduce=False, num_classes=5)
    assert head.widths == [8, 16, 32] and head.laterals is None


@pytest.mark.parametrize('variant', ['full', 'lw'])
def test_output_keys_are_the_ones_the_module_doc_and_converter_name(variant):
    """The state-dict keys of the outputs, as the module doc's table and
    tools/model_converters/shelfnet2mmseg.py write them."""
    head = ShelfHead([8, 16, 32], 4, variant=variant, num_classes=5,
                     aux_outputs=variant == 'lw')
    keys = set(head.state_dict())
    if variant == 'full':
        assert head.conv_seg.kernel_size == (1, 1)
        assert {'conv_seg.weight', 'conv_seg.bias'} <= keys
        assert not any(k.startswith(('out_conv.', 'aux_heads.'))
                       for k in keys)
    else:
        assert head.conv_seg.kernel_size == (3, 3)
        assert head.conv_seg.bias is None
        assert {'out_conv.conv.weight', 'out_conv.bn.weight',
                'conv_seg.weight', 'aux_heads.0.conv.conv.weight',
                'aux_heads.1.conv_out.weight'} <= keys
        assert 'conv_seg.bias' not in keys
