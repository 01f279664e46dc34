"""``frozen_stages`` / ``norm_eval``: one implementation (``FreezeMixin``)
for every backbone of the toolbox, which behaves as mmseg's ``ResNet``
once weights are loaded (mmseg's class is the reference) and waits for
them before."""
import inspect

import pytest
import torch.nn as nn
from mmseg.models.backbones import ResNet

import mmseg_multipath.models.backbones as backbones
from mmseg_multipath.models.backbones import (ActResNet, ChoiceNet, ChoiceUNet,
                                              SegNet, SeqResNet, WiderResNet)
from mmseg_multipath.models.backbones.freeze import FreezeMixin


def _bn_modes(net):
    return [m.training for m in net.modules()
            if isinstance(m, nn.modules.batchnorm._BatchNorm)]


def test_every_backbone_uses_the_one_implementation():
    classes = [getattr(backbones, n) for n in backbones.__all__]
    assert classes and all(issubclass(c, FreezeMixin) for c in classes)
    for cls in classes:
        # no backbone re-implements train(): the mixin's is the one
        own = [k for k in cls.__mro__ if 'train' in vars(k)]
        assert own[0] is FreezeMixin, cls.__name__
        params = inspect.signature(cls.__init__).parameters
        assert 'norm_eval' in params or cls is ActResNet, cls.__name__


@pytest.mark.parametrize('bases', [(nn.Module, FreezeMixin),
                                   (ResNet, FreezeMixin)])
def test_mixin_after_a_module_is_refused_when_the_class_is_made(bases):
    with pytest.raises(TypeError, match=r'FreezeMixin must come before '
                       rf'{bases[0].__name__}.*class Late\(FreezeMixin'):
        type('Late', bases, {})
    type('Early', bases[::-1], {})  # the right order is accepted


@pytest.mark.parametrize('frozen_stages', [-1, 1, 2])
def test_act_resnet_behaves_as_mmseg_resnet_once_loaded(frozen_stages):
    kw = dict(depth=18, frozen_stages=frozen_stages, norm_eval=True)
    ours, ref = ActResNet(**kw), ResNet(**kw)
    ours.load_state_dict(ref.state_dict())
    ours.train()
    ref.train()
    for name, b in ref.named_modules():
        a = ours.get_submodule(name)
        if isinstance(b, nn.BatchNorm2d):
            assert a.training == b.training, name
        if isinstance(b, (nn.Conv2d, nn.BatchNorm2d)):
            assert [p.requires_grad for p in a.parameters()] == \
                [p.requires_grad for p in b.parameters()], name


@pytest.mark.parametrize('make', [
    lambda **kw: SegNet(stage_channels=((4, 4), (8, 8)), **kw),
    lambda **kw: ChoiceUNet(block='res', base_channels=4, num_stages=3,
                            **kw),
    lambda **kw: ChoiceNet(**kw),
    lambda **kw: WiderResNet('A1', width_divisor=32, **kw),
    lambda **kw: SeqResNet(dict(k=4, r=1, N=1), **kw),
    lambda **kw: ActResNet(depth=18, **kw),
], ids=['SegNet', 'ChoiceUNet', 'ChoiceNet', 'WiderResNet', 'SeqResNet',
        'ActResNet'])
def test_norm_eval_waits_for_weights_then_freezes(make):
    net = make(norm_eval=True)
    net.train()
    assert set(_bn_modes(net)) == {True}  # from scratch: they train
    net.load_state_dict(make().state_dict())
    net.train()
    assert set(_bn_modes(net)) == {False}
    net.eval()
    net.train(True)
    assert set(_bn_modes(net)) == {False}


@pytest.mark.parametrize('make, first', [
    (lambda **kw: SegNet(stage_channels=((4, 4), (8, 8), (8, 8)), **kw),
     lambda n: n.stages[0]),
    (lambda **kw: ChoiceUNet(block='res', base_channels=4, num_stages=3,
                             **kw), lambda n: n.encoder[0]),
], ids=['SegNet', 'ChoiceUNet'])
def test_frozen_stages_of_the_new_backbones(make, first):
    net = make(frozen_stages=1)
    net.train()
    frozen = first(net)
    assert not frozen.training
    assert not any(p.requires_grad for p in frozen.parameters())
    rest = [p for n, p in net.named_parameters()
            if not any(p is q for q in frozen.parameters())]
    assert rest and all(p.requires_grad for p in rest)
