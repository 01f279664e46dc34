"""MXNet .params reader/writer and the ademxapp -> mmseg key converter,
round-tripped through files written in the real formats."""
import importlib.util
import os.path as osp
import re

import numpy as np
import pytest
import torch
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from mmseg_multipath.analysis.mxnet_params import (MXNetFormatError,
                                                   read_mxnet_params,
                                                   write_mxnet_params)
from ..conftest import ROOT, run_tool

spec = importlib.util.spec_from_file_location(
    'ademxapp2mmseg',
    osp.join(ROOT, 'tools', 'model_converters', 'ademxapp2mmseg.py'))
conv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(conv)

UNIT = re.compile(r'backbone\.b(\d)\.(\d+)\.(?:convs\.(\d)|(shortcut)|'
                  r'bn(\d))\.(\w+)')
MX_BN = {'weight': ('arg', 'gamma'), 'bias': ('arg', 'beta'),
         'running_mean': ('aux', 'moving_mean'),
         'running_var': ('aux', 'moving_var')}


def to_mx(key, num_classes):
    """Our key -> the release's name (from the naming in the notes)."""
    if key.endswith('num_batches_tracked'):
        return None
    if key == 'backbone.conv1a.weight':
        return 'arg:conv1a_weight'
    if key.startswith('backbone.bn7.'):
        kind, p = MX_BN[key.split('.')[-1]]
        return f'{kind}:bn7_{p}'
    if key.startswith('decode_head.conv6a.'):
        return f'arg:conv6a_{key.split(".")[-1]}'
    if key.startswith('decode_head.conv_seg.'):
        return f'arg:linear{num_classes}_{key.split(".")[-1]}'
    stage, idx, c, short, bn, param = UNIT.fullmatch(key).groups()
    unit = 'a' if idx == '0' else f'b{idx}'
    if c is not None or short:
        branch = '1' if short else ('2a', '2b1', '2b2')[int(c)]
        return f'arg:res{stage}{unit}_branch{branch}_weight'
    kind, p = MX_BN[param]
    branch = ("2a", "2b1", "2b2")[int(bn) - 1]
    return f'{kind}:bn{stage}{unit}_branch{branch}_{p}'


def to_psa(key):
    if key.startswith('backbone.conv1a') or key.startswith('backbone.bn7'):
        return key[len('backbone.'):]
    stage, idx, c, short, bn, param = UNIT.fullmatch(key).groups()
    block = f'b{stage}' + ('' if idx == '0' else f'_{idx}')
    if c is not None or short:
        branch = '1' if short else ('2a', '2b1', '2b2')[int(c)]
        return f'{block}.conv_branch{branch}.weight'
    return f'{block}.bn_branch{("2a", "2b1", "2b2")[int(bn) - 1]}.{param}'


def _model(width_divisor=16):
    init_default_scope('mmseg')
    return MODELS.build(dict(
        type='EncoderDecoder',
        backbone=dict(type='WiderResNet', arch='A1',
                      width_divisor=width_divisor),
        decode_head=dict(type='DilatedFCNHead', in_channels=4096 //
                         width_divisor, channels=512 // width_divisor,
                         num_classes=21)))


def test_release_layout_counts():
    names = [to_mx(k, 21) for k in _model(1).state_dict()]
    names = [n for n in names if n]
    backbone = [n for n in names if 'conv6a' not in n and 'linear' not in n]
    # the notes: 117 arg + 74 aux backbone entries, 4 for the seg head
    assert sum(n.startswith('arg:') for n in backbone) == 117
    assert sum(n.startswith('aux:') for n in backbone) == 74
    assert len(names) - len(backbone) == 4


@pytest.mark.parametrize('version', ['legacy', 'v1', 'v2'])
def test_params_round_trip_into_the_model(tmp_path, version):
    model = _model()
    rng = np.random.default_rng(0)
    arrays = {}
    for key, value in model.state_dict().items():
        name = to_mx(key, 21)
        if name:
            arrays[name] = rng.standard_normal(tuple(value.shape)).astype(
                np.float32)
    src = tmp_path / 'cityscapes_rna-a1_cls21_s8_ep-0001.params'
    write_mxnet_params(str(src), arrays, version)
    back = read_mxnet_params(str(src))
    assert list(back) == list(arrays)
    dst = tmp_path / 'converted.pth'
    res = run_tool(['tools/model_converters/ademxapp2mmseg.py', str(src),
                    str(dst)])
    assert res.returncode == 0, res.stderr[-2000:]
    sd = torch.load(dst, weights_only=True)['state_dict']
    fresh = _model()
    missing, unexpected = fresh.load_state_dict(sd, strict=False)
    assert not unexpected
    assert all(k.endswith('num_batches_tracked') for k in missing)
    for key, value in fresh.state_dict().items():
        name = to_mx(key, 21)
        if name:
            np.testing.assert_array_equal(value.numpy(), arrays[name])


def test_pytorch_port_layout_and_prefix(tmp_path):
    model = _model()
    sd = {('backbone.' if i % 2 else '') + to_psa(k): torch.randn(v.shape)
          if v.is_floating_point() else v
          for i, (k, v) in enumerate(model.backbone.state_dict(
              prefix='backbone.').items())}
    src = tmp_path / 'res38d.pth'
    torch.save(sd, src)
    out = conv.convert(str(src))
    assert set(out) == set(model.backbone.state_dict(prefix='backbone.'))


def test_bad_inputs_are_named(tmp_path):
    bad = tmp_path / 'x.params'
    bad.write_bytes(b'PK\x03\x04not mxnet at all')
    with pytest.raises(MXNetFormatError, match='not an MXNet'):
        read_mxnet_params(str(bad))
    write_mxnet_params(str(bad), {'arg:mystery_weight': np.zeros(3,
                                                                 np.float32)})
    with pytest.raises(KeyError, match='mystery_weight'):
        conv.convert(str(bad))
