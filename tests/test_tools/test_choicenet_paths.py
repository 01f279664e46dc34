"""tools/analysis_tools/choicenet_paths.py on checkpoints built here."""
import torch
from mmengine.config import Config

from ..conftest import ROOT, run_tool

DEMO = f'{ROOT}/configs/choicenet/choiceunet-choice-w16_1xb8-2k_demo-96x128.py'


def _checkpoint(tmp_path, config, block=None):
    from mmengine.registry import init_default_scope
    from mmseg.registry import MODELS
    cfg = Config.fromfile(config)
    if block:
        cfg.model.backbone.block = block
    init_default_scope('mmseg')
    model = MODELS.build(cfg.model)
    path = tmp_path / 'ckpt.pth'
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(cfg=cfg.pretty_text)), path)
    return path


def test_unet_paths_from_the_checkpoint_meta(tmp_path):
    ckpt = _checkpoint(tmp_path, DEMO)
    out = tmp_path / 'paths.png'
    r = run_tool(['tools/analysis_tools/choicenet_paths.py', str(ckpt),
                  '-o', str(out)])
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 2000
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith(
        ('encoder', 'decoder'))]
    assert len(lines) == 4 + 3  # 4 encoder and 3 decoder modules


def test_classifier_paths_and_clear_errors(tmp_path):
    cfg_path = (f'{ROOT}/configs/choicenet/classification/'
                'choicenet-30_1xb128-500e_cifar10.py')
    from mmengine.registry import init_default_scope
    from mmpretrain.registry import MODELS
    cfg = Config.fromfile(cfg_path)
    cfg.model.backbone = dict(type='ChoiceNet', growth=2, out_indices=(2, ))
    cfg.model.head.in_channels = 20
    init_default_scope('mmpretrain')
    model = MODELS.build(cfg.model)
    ckpt = tmp_path / 'cls.pth'
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(cfg=cfg.pretty_text)), ckpt)
    r = run_tool(['tools/analysis_tools/choicenet_paths.py', str(ckpt),
                  '-o', str(tmp_path / 'c.png')])
    assert r.returncode == 0, r.stderr
    assert r.stdout.count('block') == 9  # 3 blocks x 3 modules
    res = _checkpoint(tmp_path, DEMO, block='res')
    r = run_tool(['tools/analysis_tools/choicenet_paths.py', str(res)])
    assert r.returncode == 2 and '"res" blocks' in r.stderr
