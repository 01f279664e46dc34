"""AGC fusion happens in one place: constructors only build, and
``AGCFusionHook`` (in every config through ``_base_/runtime_hooks.py``)
fuses a model built from any AGC config exactly once, and only where an
in-place activation really reads the norm's output.

The reference for "where" is the forward pass itself, not the fusion
pass's own rules: forward hooks record, in execution order, each AGC
output and each in-place ReLU/LeakyReLU input; an AGC may run fused only
if the very next module to run is such an activation reading that same
tensor, unchanged (same version: no in-place add in between, as before
the ReLU after a ResNet block's residual sum).
"""
import glob
import os.path as osp
import re
from collections import Counter
from types import SimpleNamespace

import pytest
import torch
import torch.nn as nn
from mmengine.logging import MMLogger
from mmengine.registry import init_default_scope
from mmseg.registry import HOOKS, MODELS

from mmseg_multipath.models.layers import AGC
from ..conftest import ROOT, load_config

# configs that name AGC or have it in their name (the naming scheme puts
# the norm there), confirmed on the parsed config
AGC_CONFIGS = sorted(
    p for p in glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                         recursive=True)
    if '_base_' not in p and ('agc' in osp.basename(p) or
                              "type='AGC'" in open(p).read()) and
    "type='AGC'" in load_config(p).pretty_text)


def _fusable(model, shape):
    """The AGC modules whose output an in-place activation reads next."""
    events = []

    def on_agc(m, inp, out):
        events.append(('agc', m, (out.data_ptr(), out._version)))

    def on_act(m, inp):
        events.append(('act', m, (inp[0].data_ptr(), inp[0]._version)))
    handles = []
    for m in model.modules():
        if isinstance(m, AGC):
            handles.append(m.register_forward_hook(on_agc))
        elif isinstance(m, (nn.ReLU, nn.LeakyReLU)) and m.inplace:
            handles.append(m.register_forward_pre_hook(on_act))
    model.train()
    with torch.enable_grad():
        feats = model.extract_feat(torch.randn(1, 3, *shape))
        model.decode_head(feats)
        aux = getattr(model, 'auxiliary_head', None)
        for head in aux if isinstance(aux, nn.ModuleList) else [aux]:
            if head is not None:
                head(feats)
    for h in handles:
        h.remove()
    return {a[1] for a, b in zip(events, events[1:])
            if a[0] == 'agc' and b[0] == 'act' and a[2] == b[2]}


def test_every_agc_config_is_found():
    names = {osp.basename(p) for p in AGC_CONFIGS}
    assert len(names) >= 7
    assert 'segnet_vgg16w16-agc_1xb4-2k_demo-96x128.py' in names
    assert 'shelfnet18-lw-agc_2xb8-80k_cityscapes-1024x1024.py' in names
    assert not any('-bn_' in n for n in names)


@pytest.mark.parametrize('path', AGC_CONFIGS, ids=osp.basename)
def test_agc_config_is_fused_once_by_its_hook(path, monkeypatch):
    cfg = load_config(path)
    init_default_scope('mmseg')
    calls = Counter()
    real = AGC.fuse_inplace_act

    def counted(self, slope, act=None):
        calls[self] += 1
        return real(self, slope, act)
    monkeypatch.setattr(AGC, 'fuse_inplace_act', counted)
    model_cfg = cfg.model.copy()
    model_cfg.backbone.pop('init_cfg', None)  # no ImageNet file here
    model = MODELS.build(model_cfg)
    agcs = [m for m in model.modules() if isinstance(m, AGC)]
    assert agcs
    # constructors only build
    assert not calls and all(m.fused_slope is None for m in agcs)

    hooks = [h for h in cfg.custom_hooks if h['type'] == 'AGCFusionHook']
    assert len(hooks) == 1, 'AGCFusionHook must be in the config once'
    runner = SimpleNamespace(model=model,
                             logger=MMLogger.get_current_instance())
    HOOKS.build(hooks[0]).before_train(runner)
    fused = {m for m in agcs if m.fused_slope is not None}
    assert all(calls[m] == 1 for m in fused)
    # exactly where an in-place activation reads the AGC's output
    assert fused == _fusable(model, (64, 64))


@pytest.mark.parametrize('name, n_fused', [
    ('segnet_vgg16w16-agc_1xb4-2k_demo-96x128.py', 25),
    ('shelfnet18-lw-agc_2xb8-80k_cityscapes-1024x1024.py', None),
])
def test_conv_module_models_are_fused_wherever_possible(name, n_fused):
    """In ConvModule models (SegNet, ShelfNet's head and ActResNet) every
    AGC that the forward pass shows an in-place activation reading is
    fused."""
    path = next(p for p in AGC_CONFIGS if osp.basename(p) == name)
    cfg = load_config(path)
    init_default_scope('mmseg')
    model_cfg = cfg.model.copy()
    model_cfg.backbone.pop('init_cfg', None)
    model = MODELS.build(model_cfg)
    runner = SimpleNamespace(model=model,
                             logger=MMLogger.get_current_instance())
    HOOKS.build(dict(type='AGCFusionHook')).before_train(runner)
    fused = {m for m in model.modules()
             if isinstance(m, AGC) and m.fused_slope is not None}
    fusable = _fusable(model, (64, 64))
    assert fused == fusable
    if n_fused is not None:
        assert len(fused) == n_fused


def test_fusion_is_called_from_one_place_only():
    """No module of the package but the fusion pass itself and the hook
    calls the fusion functions: constructors only build."""
    allowed = {osp.join('models', 'layers', 'agc_fusion.py'),
               osp.join('engine', 'hooks', 'agc_fusion_hook.py')}
    pkg = osp.join(ROOT, 'mmseg_multipath')
    callers = set()
    for p in glob.glob(osp.join(pkg, '**', '*.py'), recursive=True):
        src = open(p).read()
        if re.search(r'\b(fuse_agc|fuse_norm_act|fuse_agc_act|'
                     r'fuse_sequential|fuse_inplace_act)\(', src):
            callers.add(osp.relpath(p, pkg))
    assert callers - {osp.join('models', 'layers', 'agc.py')} == allowed


def test_fused_pre_activation_units_keep_their_gradients():
    """WiderResNet's pre-activation units declare their norm -> in-place
    ReLU pairs; fused, they give the gradients of the default mode."""
    import copy

    from mmseg_multipath.models.backbones import WiderResNet
    from mmseg_multipath.models.layers import fuse_agc
    torch.manual_seed(0)
    net = WiderResNet('A1', width_divisor=32, dropout=False,
                      norm_cfg=dict(type='AGC'))
    fused = fuse_agc(copy.deepcopy(net))
    n = sum(m.fused_slope is not None for m in fused.modules()
            if isinstance(m, AGC))
    assert n == sum(isinstance(m, AGC) for m in net.modules())
    x = torch.randn(2, 3, 32, 32)
    for model in (net, fused):
        model(x)[0].square().mean().backward()
    for (name, a), b in zip(net.named_parameters(), fused.parameters()):
        torch.testing.assert_close(a.grad, b.grad, rtol=1e-4, atol=1e-6,
                                   msg=name)
