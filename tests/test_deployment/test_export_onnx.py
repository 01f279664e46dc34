"""Every model config of the toolbox exports to ONNX (dynamic H, W) and
onnxruntime agrees with PyTorch."""
import glob
import importlib.util
import os.path as osp

import pytest

from mmseg_multipath.apis import build_eval_segmentor
from ..conftest import ROOT, load_config

spec = importlib.util.spec_from_file_location(
    'export_onnx', osp.join(ROOT, 'tools', 'deployment', 'export_onnx.py'))
export_onnx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(export_onnx)


def _signature(model):
    """What decides the exported graph's operator set: backbone and head
    types and their structural switches, AGC or not, SeqConv as conv."""
    def head_sig(head):
        if not head:
            return None
        heads = head if isinstance(head, list) else [head]
        return tuple((h['type'], h.get('variant'), h.get('num_convs'),
                      bool(h.get('use_se_loss')), bool(h.get('aux_outputs')),
                      repr(h.get('conv_cfg'))) for h in heads)
    bb = model['backbone']
    return (bb['type'], repr(bb.get('block')), head_sig(model.get(
        'decode_head')), head_sig(model.get('auxiliary_head')),
            "'AGC'" in repr(model))


# Small stand-ins for the heavy backbones: the same operators at a size
# that exports in seconds (the full models' parameter counts are pinned in
# tests/test_models).
SHRINK = {
    'WiderResNet': dict(width_divisor=8),
    'SeqResNet': dict(arch=dict(width=0.25, blocks=(1, 1, 1, 1),
                                group_widths=(8, 8, 16, 16),
                                subgroups=(1, 1, 2, 2))),
    'ResNet': dict(depth=50, stem_channels=16, base_channels=16),
    'ActResNet': dict(stem_channels=16, base_channels=16),
    'ChoiceUNet': dict(base_channels=16),
}


def _architectures():
    """One config per distinct kind of segmentor (:func:`_signature`): the
    smallest by name (demo configs first), so that every model kind of the
    toolbox exports without exporting forty near-identical graphs."""
    groups = {}
    for c in sorted(glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                              recursive=True)):
        if '_base_' in c or '/classification/' in c:
            continue
        sig = _signature(load_config(c).model.to_dict())
        groups.setdefault(sig, []).append(c)
    return sorted(min(cs, key=lambda c: ('demo' not in c, c))
                  for cs in groups.values())


def build_small(config):
    """The config's segmentor, with :data:`SHRINK` applied to its backbone
    and the heads' input widths following the backbone."""
    cfg = load_config(config)
    shrink = SHRINK.get(cfg.model.backbone.type)
    if not shrink or 'demo' in config:
        return build_eval_segmentor(config)
    import torch
    from mmengine.registry import init_default_scope
    from mmseg.registry import MODELS

    import mmseg_multipath  # noqa: F401
    init_default_scope('mmseg')
    cfg.model.backbone.update(shrink)  # replaces (arch: str -> dict)
    cfg.model.backbone.pop('init_cfg', None)
    bb_cfg = dict(cfg.model.backbone, norm_cfg=dict(type='BN'))
    backbone = MODELS.build(bb_cfg)
    backbone.eval()  # (mmseg's ResNet.train returns None: no chaining)
    with torch.no_grad():
        outs = [o.shape[1] for o in backbone(torch.zeros(1, 3, 64, 64))]
    for key in ('decode_head', 'auxiliary_head'):
        head = cfg.model.get(key)
        if not head:
            continue
        idx = head.get('in_index', -1)
        head.in_channels = ([outs[i] for i in idx]
                            if isinstance(idx, (list, tuple)) else outs[idx])
    cfg.model.pop('pretrained', None)
    cfg.model.train_cfg = None
    return MODELS.build(cfg.model).eval()


MODEL_CONFIGS = _architectures()


@pytest.mark.parametrize('config', MODEL_CONFIGS,
                         ids=lambda c: osp.relpath(c, ROOT))
def test_export_and_parity(config, tmp_path):
    import torch
    torch.manual_seed(0)  # weights and inputs independent of test order
    model = build_small(config)
    out = str(tmp_path / 'model.onnx')
    wrapper = export_onnx.export(model, out, (64, 96), dynamic=True)
    # a second, odd size checks the dynamic axes (and SegNet's unpooling)
    diff = export_onnx.check(wrapper, out, [(64, 96), (67, 93)])
    assert diff < 1e-3, diff


def test_onnx_labels_equal_mmseg_test_step_on_a_real_image(
        demo_root, demo_checkpoint, tmp_path):
    """The reference is mmseg's own test_step on a demo image run through
    the config's test pipeline; the graph gets the same loaded (BGR) pixels
    and must flip them to RGB and normalise as SegDataPreProcessor does."""
    import glob as _glob

    import numpy as np
    import onnxruntime as ort
    import torch
    from mmengine.config import Config
    from mmengine.dataset import Compose
    from mmengine.registry import init_default_scope

    from ..conftest import DEMO_CONFIG
    init_default_scope('mmseg')
    model = build_eval_segmentor(DEMO_CONFIG, str(demo_checkpoint))
    assert model.data_preprocessor.channel_conversion  # bgr_to_rgb
    out = str(tmp_path / 'demo.onnx')
    export_onnx.export(model, out, (120, 160), dynamic=True, labels=True)
    sess = ort.InferenceSession(out, providers=['CPUExecutionProvider'])
    cfg = Config.fromfile(DEMO_CONFIG)
    pipeline = Compose(cfg.test_pipeline)
    for path in sorted(_glob.glob(osp.join(demo_root, 'img_dir', 'val',
                                           '*.png')))[:3]:
        data = pipeline(dict(img_path=path, seg_map_path=path.replace(
            'img_dir', 'ann_dir'), reduce_zero_label=False, seg_fields=[]))
        img = data['inputs']
        # the image's channels differ clearly: a missing BGR->RGB flip
        # would change the prediction
        means = img.float().mean((1, 2))
        assert float(means.max() - means.min()) > 5
        with torch.no_grad():
            ref = model.test_step(dict(inputs=[img], data_samples=[
                data['data_samples']]))[0].pred_sem_seg.data[0].numpy()
        got = sess.run(None, {'img': img[None].float().numpy()})[0][0]
        assert got.shape == ref.shape
        assert float(np.mean(got != ref)) < 1e-3


@pytest.mark.parametrize('shape', [['1', '1'], ['0', '0'], ['-5', '10']])
def test_export_shape_too_small_is_one_line(shape, tmp_path):
    from ..conftest import DEMO_CONFIG, run_tool
    res = run_tool(['tools/deployment/export_onnx.py', DEMO_CONFIG, '-o',
                    str(tmp_path / 'm.onnx'), '--shape'] + shape)
    assert res.returncode == 2
    assert 'Traceback' not in res.stderr
    assert res.stderr.strip().splitlines()[-1].endswith(
        f'--shape {shape[0]} {shape[1]}: height and width must be at least '
        '32'), res.stderr[-1000:]
