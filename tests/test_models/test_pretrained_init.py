"""Full-size configs start from ImageNet weights as their papers did; a
missing weights file ends with one message naming it and the command that
makes it; norm_eval never freezes random BN statistics."""
import glob
import os.path as osp

import pytest
import torch
import torch.nn as nn

from mmseg_multipath.models.backbones import SeqResNet, WiderResNet
from ..conftest import ROOT, demo_cfg, load_config, run_tool

SEG_CONFIGS = sorted(
    glob.glob(osp.join(ROOT, 'configs', 'wider_or_deeper', '*.py')) +
    glob.glob(osp.join(ROOT, 'configs', 'seqconv', '*.py')) +
    glob.glob(osp.join(ROOT, 'configs', 'agc', 'dilatedfcn-*.py')))
SLIM = dict(width=0.25, blocks=(1, 1, 1, 1), group_widths=(8, 8, 16, 16),
            subgroups=(1, 1, 1, 1))


def _full_size(bb):
    """Not a CPU-sized model (1/8-width Model A1, slim SeqResNet)."""
    return bb.get('width_divisor', 1) == 1 and isinstance(bb.arch, str)


@pytest.mark.parametrize('path', SEG_CONFIGS, ids=osp.basename)
def test_full_size_configs_start_from_imagenet_weights(path):
    bb = load_config(path).model.backbone
    if _full_size(bb):
        init = bb.init_cfg
        assert init and init.type == 'Pretrained', path
        assert init.prefix == 'backbone.'
        assert init.checkpoint.startswith('checkpoints/')
        assert init.checkpoint.endswith('_in1k.pth')
    else:  # the demo and short CPU configs train from scratch
        assert bb.get('init_cfg') is None
        assert not bb.get('norm_eval', False)


def test_there_are_full_size_and_slim_configs():
    kinds = {_full_size(load_config(p).model.backbone)
             for p in SEG_CONFIGS}
    assert kinds == {True, False}


@pytest.mark.parametrize('backbone,tool', [
    (lambda init: WiderResNet('A1', width_divisor=16, init_cfg=init),
     'ademxapp2mmseg.py ilsvrc-cls_rna-a1_cls1000_ep-0001.params'),
    (lambda init: SeqResNet(SLIM, init_cfg=init), 'seqconv2mmpretrain.py')])
def test_missing_weights_file_names_it_and_the_command(backbone, tool):
    net = backbone(dict(type='Pretrained', prefix='backbone.',
                        checkpoint='checkpoints/nowhere_in1k.pth'))
    with pytest.raises(FileNotFoundError) as e:
        net.init_weights()
    msg = str(e.value)
    assert '"checkpoints/nowhere_in1k.pth" not found' in msg
    assert tool in msg and 'checkpoints/nowhere_in1k.pth (' in msg
    assert '--cfg-options model.backbone.init_cfg=None' in msg


def test_missing_weights_file_is_one_error_line_from_train(demo_root,
                                                           tmp_path):
    cfg = demo_cfg(demo_root, tmp_path / 'w', config=osp.join(
        ROOT, 'configs', 'wider_or_deeper',
        'dilatedfcn-2conv_modela1w8-d8_1xb8-2k_demo-96x128.py'))
    cfg.model.backbone.init_cfg = dict(
        type='Pretrained', prefix='backbone.',
        checkpoint=str(tmp_path / 'wider_resnet38_a1_in1k.pth'))
    cfg.dump(str(tmp_path / 'cfg.py'))
    r = run_tool(['tools/train.py', str(tmp_path / 'cfg.py')])
    assert r.returncode == 2
    err = [ln for ln in r.stderr.splitlines() if ln.startswith('error:')]
    assert len(err) == 1 and 'wider_resnet38_a1_in1k.pth' in err[0]
    assert 'ademxapp2mmseg.py' in err[0]


@pytest.mark.parametrize('make', [
    lambda: WiderResNet('A1', width_divisor=16, norm_eval=True),
    lambda: SeqResNet(SLIM, norm_eval=True)])
def test_norm_eval_freezes_only_loaded_statistics(make, tmp_path):
    def bn_training(net):
        return {m.training for m in net.modules()
                if isinstance(m, nn.modules.batchnorm._BatchNorm)}

    net = make()
    net.train()  # from scratch: random statistics train
    assert bn_training(net) == {True}
    donor = make()
    net.load_state_dict(donor.state_dict())  # load_from / resume
    net.train()
    assert bn_training(net) == {False}
    # a Pretrained init_cfg (the configs' way) loads too
    path = tmp_path / 'in1k.pth'
    torch.save(dict(state_dict={'backbone.' + k: v for k, v in
                                donor.state_dict().items()}), path)
    net = make()
    net.init_cfg = dict(type='Pretrained', prefix='backbone.',
                        checkpoint=str(path))
    net.init_weights()
    net.train()
    assert bn_training(net) == {False}
    for k, v in donor.state_dict().items():
        assert torch.equal(net.state_dict()[k], v)
