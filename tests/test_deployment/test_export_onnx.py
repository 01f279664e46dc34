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

MODEL_CONFIGS = sorted(
    c for c in glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                         recursive=True) if '_base_' not in c)


@pytest.mark.parametrize('config', MODEL_CONFIGS,
                         ids=lambda c: osp.relpath(c, ROOT))
def test_export_and_parity(config, tmp_path):
    model = export_onnx.build(config)
    out = str(tmp_path / 'model.onnx')
    wrapper = export_onnx.export(model, out, (64, 96), dynamic=True)
    # a second, odd size checks the dynamic axes (and SegNet's unpooling)
    diff = export_onnx.check(wrapper, out, [(64, 96), (67, 93)])
    assert diff < 1e-3, diff
