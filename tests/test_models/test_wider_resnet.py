"""WiderResNet (Model A family) and the dilated FCN heads."""
import pytest
import torch
import torch.nn as nn
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from mmseg_multipath.models.backbones import WiderResNet
from mmseg_multipath.models.backbones.wider_resnet import (ARCH_SETTINGS,
                                                           parse_units)
from mmseg_multipath.models.decode_heads import DilatedFCNHead

init_default_scope('mmseg')


def _n(module):
    return sum(p.numel() for p in module.parameters())


def test_model_a_parameter_counts_equal_the_official_code():
    net = WiderResNet('A1')
    assert _n(net) == 105_070_912
    assert _n(net.conv1a) == 1_728
    assert [_n(getattr(net, s)) for s in ('b2', 'b3', 'b4', 'b5')] == [
        820_608, 3_279_616, 27_274_752, 26_484_736]
    assert _n(net.b6) == 9_442_304 and _n(net.b7) == 37_758_976
    # A, A1 and A2 have identical parameter shapes
    assert _n(WiderResNet('A')) == _n(WiderResNet('A2')) == 105_070_912


def test_dilated_fcn_head_parameter_counts():
    assert _n(DilatedFCNHead(in_channels=4096, num_classes=21)) == 18_971_669
    assert _n(DilatedFCNHead(in_channels=4096, num_classes=19)) == 18_962_451
    assert _n(DilatedFCNHead(in_channels=4096,
                             num_classes=150)) == 19_566_230
    assert _n(DilatedFCNHead(num_convs=1, in_channels=4096,
                             num_classes=21)) == 774_165
    head = DilatedFCNHead(in_channels=4096, num_classes=21)
    assert head.conv_seg.kernel_size == (3, 3)
    assert head.conv_seg.dilation == (12, 12) == head.conv6a.dilation


@pytest.mark.parametrize('os_,sizes', [
    (8, [32, 16, 8, 8, 8, 8]), (16, [32, 16, 8, 4, 4, 4]),
    (32, [32, 16, 8, 4, 2, 2])])
@pytest.mark.parametrize('arch', ['A1', 'A'])
def test_output_strides_and_channels(arch, os_, sizes):
    net = WiderResNet(arch, output_stride=os_,
                      out_indices=range(6)).eval()
    with torch.no_grad():
        outs = net(torch.randn(1, 3, 64, 64))
    assert [o.shape[1] for o in outs] == [128, 256, 512, 1024, 2048, 4096]
    assert [o.shape[-1] for o in outs] == sizes


def test_inc_dilate_placement_at_os8_and_os16():
    net = WiderResNet('A1', output_stride=8)
    u5a, u5b = net.b5[0], net.b5[1]
    assert u5a.convs[0].stride == (1, 1) and u5a.convs[0].dilation == (1, 1)
    assert u5a.convs[1].dilation == (2, 2) and u5a.shortcut.stride == (1, 1)
    assert u5b.convs[0].dilation == u5b.convs[1].dilation == (2, 2)
    assert net.b6[0].convs[1].dilation == (4, 4)
    assert net.b7[0].convs[1].dilation == (4, 4)
    assert net.b4[0].convs[0].stride == (2, 2)
    net16 = WiderResNet('A1', output_stride=16)
    assert net16.b5[0].convs[0].stride == (2, 2)
    assert net16.b6[0].convs[1].dilation == (2, 2)
    assert net16.b6[0].convs[0].stride == (1, 1)


def test_dropout_placement_official_and_psa():
    b6 = WiderResNet('A1').b6[0]
    assert [type(d).__name__ for d in b6.drops] == [
        'Identity', 'Identity', 'Dropout']
    assert b6.drops[2].p == 0.3
    psa = WiderResNet('A1', psa_dropout=True).b7[0]
    assert [type(d).__name__ for d in psa.drops] == [
        'Identity', 'Dropout2d', 'Dropout2d']
    assert psa.drops[1].p == 0.5


def test_frozen_stages_and_norm_eval():
    net = WiderResNet('A1', frozen_stages=2, norm_eval=True)
    net.load_state_dict(net.state_dict())  # statistics loaded: they freeze
    net.train()
    assert not any(p.requires_grad for p in net.conv1a.parameters())
    assert not any(p.requires_grad for p in net.b3.parameters())
    assert all(p.requires_grad for p in net.b4.parameters())
    bns = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
    assert bns and not any(m.training for m in bns)
    assert bns[0].eps == pytest.approx(1.001e-5)


def test_with_cp_gives_the_same_gradients():
    torch.manual_seed(0)
    a = WiderResNet('A1', out_indices=(2, ), dropout=False)
    b = WiderResNet('A1', out_indices=(2, ), dropout=False, with_cp=True)
    b.load_state_dict(a.state_dict())
    x = torch.randn(1, 3, 32, 32)
    a(x)[0].sum().backward()
    b(x)[0].sum().backward()
    torch.testing.assert_close(a.b3[0].convs[0].weight.grad,
                               b.b3[0].convs[0].weight.grad)


def test_unit_strings_and_segmentor_from_config():
    assert parse_units('224-0-3-3-6-3-1-1') == (224, (0, 3, 3, 6, 3, 1, 1))
    with pytest.raises(ValueError, match='INPUT-B1'):
        parse_units('112-1-1-1-13-1-1')
    net = WiderResNet('224-0-1-1-1-3-1-1', output_stride=32)  # Model B
    assert [len(getattr(net, s)) for s in net.stage_names] == [
        1, 1, 1, 3, 1, 1]
    model = MODELS.build(dict(
        type='EncoderDecoder',
        backbone=dict(type='WiderResNet', arch='A1', norm_cfg=dict(
            type='AGC')),
        decode_head=dict(type='DilatedFCNHead', in_channels=4096,
                         num_classes=21, num_convs=1,
                         sampler=dict(type='OHEMPixelSampler', thresh=0.6,
                                      min_kept=256))))
    out = model(torch.randn(1, 3, 32, 32), mode='tensor')
    assert out.shape == (1, 21, 4, 4)


def test_demo_config_trains_one_cpu_iteration(demo_root, tmp_path):
    import os.path as osp

    from mmengine.config import Config

    from mmseg_multipath.engine import build_runner
    from ..conftest import ROOT
    cfg = Config.fromfile(osp.join(
        ROOT, 'configs', 'wider_or_deeper',
        'dilatedfcn-2conv_modela1w8-d8_1xb8-2k_demo-96x128.py'))
    cfg.work_dir = str(tmp_path)
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[key].dataset.data_root = demo_root
    cfg.train_dataloader.update(num_workers=0, persistent_workers=False,
                                batch_size=2)
    cfg.train_cfg.update(max_iters=1, val_interval=1)
    cfg.param_scheduler[0].end = 1
    runner = build_runner(cfg)
    before = runner.model.backbone.b4[0].convs[0].weight.detach().clone()
    runner.train()
    after = runner.model.backbone.b4[0].convs[0].weight.detach()
    assert not torch.equal(before, after)


TABLE1_DEPTH = {'A': 38, 'B': 20, 'C': 42, 'D': 34, 'E': 26, 'F': 34,
                '224-0-1-1-1-1-1-1': 16}


@pytest.mark.parametrize('arch', sorted(TABLE1_DEPTH))
def test_family_depths_match_table1_and_end_at_7x7(arch):
    size, _ = parse_units(ARCH_SETTINGS[arch][0] if arch in ARCH_SETTINGS
                          else arch)
    net = WiderResNet(arch, output_stride={224: 32, 112: 16, 56: 8}[size],
                      width_divisor=16, out_indices=(5, )).eval()
    branch_convs = sum(len(u.convs) for m in net.modules()
                       if isinstance(m, nn.Sequential) for u in m)
    # conv1a + the convs inside the units + the classifier
    assert 1 + branch_convs + 1 == TABLE1_DEPTH[arch]
    with torch.no_grad():
        out, = net(torch.randn(1, 3, net.input_size, net.input_size))
    assert out.shape[-2:] == (7, 7)


def test_models_c_to_f_have_a_b1_level_and_native_strides():
    c = WiderResNet('C', output_stride=8)
    assert len(c.b1) == 1 and c.b1[0].convs[0].in_channels == 64
    assert len(c.b5) == 13
    assert sum(p.numel() for p in c.parameters()) > 105_070_912  # paper
    with pytest.raises(ValueError, match='native stride 16'):
        WiderResNet('D', output_stride=32)
    with pytest.raises(ValueError, match='native stride 8'):
        WiderResNet('F', output_stride=16)
    with pytest.raises(ValueError, match='input size 100'):
        WiderResNet('100-1-1-1-1-1-1-1')
    f = WiderResNet('F', output_stride=8, width_divisor=16, frozen_stages=0)
    assert not any(p.requires_grad for p in f.b1.parameters())


def test_stride_plan_is_the_inc_dilate_rule():
    """One planner for both backbones: past the wanted output stride a
    step keeps stride 1, its first op the old dilation, later ops twice."""
    from mmseg_multipath.models.backbones.stride_plan import stride_plan
    assert stride_plan(5, 32) == [(2, 1, 1)] * 5
    assert stride_plan(5, 8) == [(2, 1, 1)] * 3 + [(1, 1, 2), (1, 2, 4)]
    # SeqResNet's ImageNet layout: stride 4 after the stem, 3 steps
    assert stride_plan(3, 8, stride=4) == [(2, 1, 1), (1, 1, 2), (1, 2, 4)]
    assert stride_plan(3, 16, stride=4) == [(2, 1, 1), (2, 1, 1), (1, 1, 2)]
