"""tools/model_converters/seqconv2mmpretrain.py on checkpoints that the test
writes in the official code's key layout (module names and shapes as the
official constructors make them; notes section 3)."""
import importlib.util
import os.path as osp
from collections import OrderedDict

import pytest
import torch

from ..conftest import ROOT, run_tool

spec = importlib.util.spec_from_file_location('seqconv2mmpretrain', osp.join(
    ROOT, 'tools', 'model_converters', 'seqconv2mmpretrain.py'))
conv_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(conv_tool)


class Official:
    """Key names and shapes of the official modules (not their code)."""

    def __init__(self):
        self.state = OrderedDict()
        self._n = 0

    def _t(self, *shape):
        self._n += 1  # distinct values per tensor
        return torch.full(shape, float(self._n))

    def conv_layer(self, name, c_in, c_out, ks=3, groups=1):
        self.state[f'{name}.LinearLayer.weight'] = self._t(
            c_out, c_in // groups, ks, ks)
        for p in ('weight', 'bias', 'running_mean', 'running_var'):
            self.state[f'{name}.BatchNormalizationLayer.{p}'] = self._t(c_out)
        self.state[f'{name}.BatchNormalizationLayer.num_batches_tracked'] = \
            torch.tensor(7)

    def seq_layer(self, name, c_in, c_out, k, windowed=True, style='plain',
                  subgroups=1):
        for i in range(c_out // k):
            win = c_in if windowed else c_in + i * k
            if style == 'plain':  # CIFAR SeqResNet
                self.conv_layer(f'{name}.Filters.{i}', win, k, 3)
            elif style == 'b':  # SeqResNet-B (CIFAR and ImageNet)
                self.conv_layer(f'{name}.Filters.{i}.BottleneckLayer', win, k,
                                1)
                self.conv_layer(f'{name}.Filters.{i}.TransformationLayer', k,
                                k, 3)
            else:  # SeqResNeXt
                self.conv_layer(f'{name}.BottleneckLayers.{i}', win, k, 1)
                self.conv_layer(f'{name}.TransformationLayers.{i}', k, k, 3,
                                subgroups)

    def cifar(self, k, r, n, style, classes=10):
        w = [16 * r * p for p in (1, 2, 3)]
        self.conv_layer('Init', 3, 16)
        self.seq_layer('Head', 16, w[0], k, windowed=False, style=style)
        for s in range(3):
            if s:
                self.seq_layer(f'Downsample{s}.ExtensionLayer', w[s - 1],
                               w[s] - w[s - 1], k, style=style)
                self.conv_layer(f'Downsample{s}.ShrinkingLayer', w[s], w[s],
                                3, w[s] // k)
            for b in range(n):
                for layer in 'AB':
                    self.seq_layer(f'Stage{s + 1}.{b}.Layer{layer}', w[s],
                                   w[s], k, style=style)
        self.conv_layer('Blender', w[2], w[2], 1)
        self.state['Classifier.weight'] = self._t(classes, w[2])
        self.state['Classifier.bias'] = self._t(classes)
        return self.state

    def imagenet(self, width, blocks, ks, subgroups=None, classes=1000):
        style = 'b' if subgroups is None else 'next'
        sub = subgroups or (1, ) * 4
        w = [int(64 * width) * 2**i for i in range(4)]
        self.conv_layer('Head0', 3, 32)
        self.conv_layer('Head1', 32, 32)
        self.seq_layer('Head2', 32, w[0], ks[0], windowed=False, style=style,
                       subgroups=sub[0])
        self.conv_layer('ShrinkingLayer', w[0], w[0], 3,
                        w[0] // ks[0] * sub[0])
        for s in range(4):
            if s:
                self.seq_layer(f'Downsample{s}.ExtensionLayer', w[s - 1],
                               w[s] - w[s - 1], ks[s - 1], style=style,
                               subgroups=sub[s - 1])
                self.conv_layer(f'Downsample{s}.ShrinkingLayer', w[s], w[s],
                                3, w[s] // ks[s] * sub[s])
            for b in range(blocks[s]):
                for layer in 'AB':
                    self.seq_layer(f'Stage{s + 1}.{b}.Layer{layer}', w[s],
                                   w[s], ks[s], style=style, subgroups=sub[s])
        self.conv_layer('Blender', w[3], w[3], 1)
        self.state['Classifier.weight'] = self._t(classes, w[3])
        self.state['Classifier.bias'] = self._t(classes)
        return self.state


def _classifier(config):
    from mmengine import Config
    from mmengine.registry import init_default_scope
    from mmpretrain.registry import MODELS
    init_default_scope('mmpretrain')  # the conftest fixture restores mmseg
    cfg = Config.fromfile(osp.join(ROOT, 'configs', 'seqconv',
                                   'classification', config))
    import mmseg_multipath  # noqa: F401 (registers SeqResNet)
    return MODELS.build(cfg.model)


def _params(state):
    return sum(v.numel() for k, v in state.items() if not k.endswith(
        ('running_mean', 'running_var', 'num_batches_tracked')))


@pytest.mark.parametrize('config,official,params', [
    ('seqresnet-k8r4n1_1xb64-300e_cifar10.py',
     lambda o: o.cifar(8, 4, 1, 'plain'), 1_233_370),
    ('seqresnet-b-k16r7n1_1xb64-300e_cifar10.py',
     lambda o: o.cifar(16, 7, 1, 'b'), 843_834),
    ('seqresnet-b22_8xb32-100e_in1k.py',
     lambda o: o.imagenet(2, (1, 1, 2, 1), (32, 64, 64, 128)), 11_859_656),
    ('seqresnext24_8xb32-100e_in1k.py',
     lambda o: o.imagenet(4, (1, 1, 3, 1), (32, 64, 64, 128),
                          (8, 8, 4, 4)), 26_211_784),
], ids=['cifar', 'cifar-b', 'b22', 'next24'])
def test_official_layout_loads_strictly(config, official, params):
    state = official(Official())
    assert _params(state) == params  # the generator is the official model
    state = OrderedDict(('module.' + k, v) for k, v in state.items())
    out, layout = conv_tool.convert(state)
    model = _classifier(config)
    model.load_state_dict(out, strict=True)
    assert len(out) == len(state)
    # one spot check per kind of module: values land where they belong
    ours = model.state_dict()
    for src, dst in [('Stage1.0.LayerB', 'backbone.stages.0.0.layer_b.'
                      'groups_.0.conv.weight'),
                     ('Stage2.0.LayerA', 'backbone.stages.1.1.layer_a.'
                      'groups_.0.conv.weight'),
                     ('Downsample1.ShrinkingLayer', 'backbone.stages.1.0.'
                      'shrink.conv.weight')]:
        sk = next(k for k in state if k.startswith('module.' + src)
                  and k.endswith('LinearLayer.weight'))
        assert torch.equal(ours[dst], state[sk])
    assert layout.startswith('imagenet' if 'in1k' in config else 'cifar')


def test_cli_and_segmentation_backbone_loading(tmp_path):
    src = tmp_path / 'official.pth.tar'
    state = Official().imagenet(0.25, (1, 1, 1, 1), (8, 8, 16, 16))
    torch.save(dict(epoch=3, state_dict=state, best_acc1=torch.tensor(1.)),
               src)
    dst = tmp_path / 'ours.pth'
    r = run_tool(['tools/model_converters/seqconv2mmpretrain.py', str(src),
                  str(dst)])
    assert r.returncode == 0, r.stderr
    assert 'imagenet-b SeqConv checkpoint' in r.stdout
    from mmengine.runner.checkpoint import _load_checkpoint_with_prefix

    from mmseg_multipath.models.backbones import SeqResNet
    net = SeqResNet(dict(width=0.25, blocks=(1, 1, 1, 1),
                         group_widths=(8, 8, 16, 16), subgroups=(1, ) * 4),
                    out_indices=(0, 1, 2, 3))
    sd = _load_checkpoint_with_prefix('backbone.', str(dst), 'cpu')
    missing, unexpected = net.load_state_dict(sd, strict=False)
    assert not missing and all(k.startswith('blender.') for k in unexpected)


def test_bad_inputs_are_named(tmp_path):
    with pytest.raises(ValueError, match='not an official SeqConv'):
        conv_tool.convert({'conv1.weight': torch.zeros(1)})
    state = Official().cifar(4, 1, 1, 'plain')
    state['Stage1.0.LayerA.Filters.0.LinearLayer.bias'] = torch.zeros(4)
    with pytest.raises(KeyError, match='without batch normalization'):
        conv_tool.convert(state)
    r = run_tool(['tools/model_converters/seqconv2mmpretrain.py',
                  str(tmp_path / 'missing.pth'), str(tmp_path / 'o.pth')])
    assert r.returncode != 0 and 'missing.pth' in r.stderr


def test_converter_names_the_next_switch_for_seqresnext(tmp_path):
    """Official SeqResNeXt checkpoints need official_next_downsample=True
    to give the official outputs: the converter says so on stderr; other
    layouts convert without the warning."""
    src, dst = tmp_path / 'next.pth', tmp_path / 'ours.pth'
    torch.save(Official().imagenet(0.25, (1, 1, 1, 1), (8, 8, 16, 16),
                                   (2, 2, 2, 2)), src)
    r = run_tool(['tools/model_converters/seqconv2mmpretrain.py', str(src),
                  str(dst)])
    assert r.returncode == 0, r.stderr
    assert 'imagenet-next' in r.stdout
    assert 'official_next_downsample=True' in r.stderr
    torch.save(Official().cifar(4, 1, 1, 'plain'), src)
    r = run_tool(['tools/model_converters/seqconv2mmpretrain.py', str(src),
                  str(dst)])
    assert r.returncode == 0 and 'official_next' not in r.stderr
