"""Every model config of the toolbox exports to ONNX (dynamic H, W) and
onnxruntime agrees with PyTorch."""
import glob
import importlib.util
import os.path as osp

import pytest

from ..conftest import ROOT

spec = importlib.util.spec_from_file_location(
    'export_onnx', osp.join(ROOT, 'tools', 'deployment', 'export_onnx.py'))
export_onnx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(export_onnx)



def _architectures():
    """One config per distinct segmentor: configs that differ only in the
    data set (number of classes) or the schedule export the same graph."""
    from mmengine.config import Config
    seen = {}
    for c in sorted(glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                              recursive=True)):
        if '_base_' in c or '/classification/' in c:
            continue
        model = Config.fromfile(c).model.to_dict()
        for key in ('decode_head', 'auxiliary_head'):
            heads = model.get(key) or []
            for head in heads if isinstance(heads, list) else [heads]:
                head.pop('num_classes', None)
                head.pop('loss_decode', None)
                head.pop('sampler', None)
        model.pop('data_preprocessor', None)
        model.pop('test_cfg', None)
        seen.setdefault(repr(sorted(model.items(), key=str)), c)
    return sorted(seen.values())


MODEL_CONFIGS = _architectures()


@pytest.mark.parametrize('config', MODEL_CONFIGS,
                         ids=lambda c: osp.relpath(c, ROOT))
def test_export_and_parity(config, tmp_path):
    model = export_onnx.build(config)
    out = str(tmp_path / 'model.onnx')
    wrapper = export_onnx.export(model, out, (64, 96), dynamic=True)
    # a second, odd size checks the dynamic axes (and SegNet's unpooling)
    diff = export_onnx.check(wrapper, out, [(64, 96), (67, 93)])
    assert diff < 1e-3, diff
