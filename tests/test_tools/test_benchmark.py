"""tools/analysis_tools/benchmark.py: several configs, random weights."""
import importlib.util
import json
import os.path as osp

import torch
import torch.nn as nn

from ..conftest import ROOT, run_tool

spec = importlib.util.spec_from_file_location(
    'benchmark', osp.join(ROOT, 'tools', 'analysis_tools', 'benchmark.py'))
benchmark = importlib.util.module_from_spec(spec)
spec.loader.exec_module(benchmark)


def test_mac_counter_on_known_layers():
    m = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ConvTranspose2d(
        8, 4, 2, stride=2), nn.Flatten(), nn.Linear(4 * 20 * 20, 5))
    x = torch.randn(1, 3, 10, 10)
    macs = benchmark.count_macs(lambda: m(x), m)
    assert macs == 10 * 10 * 8 * 27 + 10 * 10 * 8 * 4 * 4 + 1600 * 5


def test_two_configs_one_table(tmp_path):
    demo = f'{ROOT}/configs/demo/fcn_r18w16-d8_1xb8-2k_demo-96x128.py'
    wod = (f'{ROOT}/configs/wider_or_deeper/'
           'dilatedfcn-2conv_modela1w8-d8_1xb8-2k_demo-96x128.py')
    out = tmp_path / 'b.json'
    r = run_tool(['tools/analysis_tools/benchmark.py', demo, wod,
                  '--shape', '32', '48', '--repeats', '2', '--warmup', '1',
                  '--train-memory', '--out', str(out)])
    assert r.returncode == 0, r.stderr
    assert '| config | input | FPS | x first |' in r.stdout
    assert '[2/2]' in r.stdout and '32x48' in r.stdout
    rows = json.loads(out.read_text())
    assert rows[0]['ratio'] == 1.0 and rows[1]['GMACs'] > 0
    assert rows[1]['train_MB_per_img'] > 0


def test_missing_config_is_one_clear_error():
    r = run_tool(['tools/analysis_tools/benchmark.py', 'nope.py'])
    assert r.returncode == 2
    assert 'nope.py' in r.stderr and 'does not exist' in r.stderr
