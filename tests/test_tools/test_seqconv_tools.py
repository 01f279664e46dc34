"""SeqConv tools: weight heat maps (Fig. 5) and the training benchmark."""
import json

import torch

from mmseg_multipath.models.backbones import SeqResNet
from ..conftest import run_tool


def test_weight_heat_maps_from_a_checkpoint(tmp_path):
    torch.manual_seed(0)
    net = SeqResNet(dict(k=4, r=1, N=1, bottleneck=True), out_indices=(2, ))
    state = {f'backbone.{k}': v for k, v in net.state_dict().items()}
    ckpt = tmp_path / 'seq.pth'
    torch.save(dict(state_dict=state, meta=dict()), ckpt)
    out = tmp_path / 'w.png'
    r = run_tool(['tools/analysis_tools/seqconv_weights.py', str(ckpt),
                  '--layers', r'stages\.0', '-o', str(out)])
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 2000
    # stage 0 (16 ch, k=4): LayerA and LayerB of its block, 4 groups each,
    # 4 input chunks + 4 group outputs as sources
    assert 'backbone.stages.0.0.layer_a: 4 groups x 8 sources' in r.stdout
    r = run_tool(['tools/analysis_tools/seqconv_weights.py', str(ckpt),
                  '--layers', 'nothing-matches'])
    assert r.returncode == 2 and 'no SeqConv layers' in r.stderr


def test_usage_matrix_marks_the_window():
    import importlib.util
    import os.path as osp

    from ..conftest import ROOT
    spec = importlib.util.spec_from_file_location('w', osp.join(
        ROOT, 'tools', 'analysis_tools', 'seqconv_weights.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from mmseg_multipath.models.layers import SeqConvLayer
    layer = SeqConvLayer(8, 12, 4)  # windowed: 2 input chunks, 3 groups
    mat, n_x, windowed = mod.usage_matrix(
        [g.conv.weight for g in layer.groups_])
    assert windowed and n_x == 2 and mat.shape == (3, 5)
    nan = mat.isnan()
    # group 1 sees chunk 1 and a_0; group 2 sees a_0, a_1
    assert nan[1].tolist() == [True, False, False, True, True]
    assert nan[2].tolist() == [True, True, False, False, True]


def test_benchmark_runs_the_cifar_setting(tmp_path):
    out = tmp_path / 'b.json'
    r = run_tool(['tools/analysis_tools/benchmark_seqconv.py', '--settings',
                  'cifar', '--batch', '8', '--steps', '1', '--warmup', '0',
                  '--profile',
                  '--out', str(out)])
    assert r.returncode == 0, r.stderr
    rows = json.loads(out.read_text())
    assert [row['form'] for row in rows] == ['ours', 'reference',
                                             'resnet50']
    ours, ref = rows[0], rows[1]
    assert ours['kept_MB'] < ref['kept_MB']
    assert '| x reference |' in r.stdout
    assert r.stdout.count('aten::convolution_backward') == 3  # --profile


def test_layer_breakdown_times_every_seqconv_layer():
    import importlib.util
    import os.path as osp

    from ..conftest import ROOT
    spec = importlib.util.spec_from_file_location(
        'benchmark_seqconv',
        osp.join(ROOT, 'tools', 'analysis_tools', 'benchmark_seqconv.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.layer_rows(dict(k=4, r=1, N=1, bottleneck=True), batch=2,
                          size=16, steps=1, warmup=0, interleave=True,
                          device='cpu')
    # stem (dense), 3 stages x (LayerA, LayerB), 2 down-sampling extensions
    assert len(rows) == 1 + 6 + 2
    stem = rows[0]
    assert not stem['window'] and stem['input'][0] == 2
    assert sum(r['shortcut'] for r in rows) == 3  # every LayerB
    assert all(r['ours_ms'] > 0 and r['reference_ms'] > 0 for r in rows)


def test_benchmark_refuses_compile_with_layers():
    r = run_tool(['tools/analysis_tools/benchmark_seqconv.py', '--layers',
                  '--compile'])
    assert r.returncode == 2
    assert '--compile' in r.stderr and '--layers' in r.stderr
