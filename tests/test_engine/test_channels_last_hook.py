"""ChannelsLastHook: the model's layout changes, its parameters, outputs
and checkpoints do not; a demo run trains with it."""
import copy
import logging

import pytest
import torch
from mmengine.registry import init_default_scope
from mmengine.runner.checkpoint import _load_checkpoint
from mmseg.registry import HOOKS, MODELS

from mmseg_multipath.engine import build_runner
from mmseg_multipath.models.layers import SeqConvLayer
from mmseg_multipath.utils.channels_last import (channels_last,
                                                 onednn_unsafe_convs)
from ..conftest import demo_cfg

init_default_scope('mmseg')
CL = torch.channels_last


class _Runner:
    def __init__(self, model):
        self.model = model
        self.logger = logging.getLogger('channels_last_test')


def test_hook_converts_in_place_and_keeps_outputs():
    torch.manual_seed(0)
    model = MODELS.build(dict(
        type='SeqResNet', arch=dict(k=4, r=1, N=1, bottleneck=True),
        out_indices=(2, ))).eval()
    plain = copy.deepcopy(model)
    params = [p for p in model.parameters() if p.dim() == 4]
    assert not all(p.is_contiguous(memory_format=CL) for p in params)
    HOOKS.build(dict(type='ChannelsLastHook')).before_run(_Runner(model))
    after = [p for p in model.parameters() if p.dim() == 4]
    assert all(a is b for a, b in zip(after, params))  # same objects
    assert all(p.is_contiguous(memory_format=CL) for p in after)
    x = torch.randn(2, 3, 16, 16)
    with torch.no_grad():
        y, = model(x)
        ref, = plain(x)
    assert y.is_contiguous(memory_format=CL)
    torch.testing.assert_close(y, ref, rtol=1e-4, atol=1e-5)
    assert any(isinstance(m, SeqConvLayer) for m in model.modules())


def test_refuses_convs_that_onednn_gets_wrong_on_the_cpu():
    """1x1 stride-2 convs with < 16 input channels: oneDNN issue #6035
    (the Model A1 demo's 8-channel projection shortcuts abort the
    process in backward); the error names the module, nothing converts."""
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3),
                                torch.nn.Conv2d(8, 16, 1, stride=2))
    with pytest.raises(RuntimeError, match=r"#6035.*\['1'\]"):
        HOOKS.build(dict(type='ChannelsLastHook')).before_run(
            _Runner(model))
    assert not model[0].weight.is_contiguous(memory_format=CL)
    model[1] = torch.nn.Conv2d(16, 16, 1, stride=2)  # 16 channels: fine
    HOOKS.build(dict(type='ChannelsLastHook')).before_run(_Runner(model))
    assert model[0].weight.is_contiguous(memory_format=CL)


def test_forward_only_conversion_is_not_refused():
    """The oneDNN bug is in the weight gradient: benchmarks of inference
    (``benchmark.py --channels-last`` without ``--train-memory``) may
    convert such a model, and its outputs stay the same."""
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3),
                                torch.nn.Conv2d(8, 16, 1, stride=2))
    assert onednn_unsafe_convs(model) == ['1']
    x = torch.randn(2, 3, 12, 12)
    with torch.no_grad():
        ref = model(x)
        channels_last(model, backward=False, who='test')
        y = model(x)
    assert model[1].weight.is_contiguous(memory_format=CL)
    torch.testing.assert_close(y, ref)


def test_demo_trains_with_the_hook(demo_root, tmp_path):
    cfg = demo_cfg(demo_root, tmp_path / 'w', max_iters=2)
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='ChannelsLastHook')]
    runner = build_runner(cfg)
    runner.train()
    convs = [p for p in runner.model.parameters() if p.dim() == 4]
    assert convs and all(p.is_contiguous(memory_format=CL) for p in convs)
    # the checkpoint loads into a model built in the default layout
    state = _load_checkpoint(str(tmp_path / 'w' / 'iter_2.pth'), 'cpu')
    fresh = MODELS.build(cfg.model)
    fresh.load_state_dict(state['state_dict'])
