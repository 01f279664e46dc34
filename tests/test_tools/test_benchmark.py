"""tools/analysis_tools/benchmark.py: several configs, random weights."""
import importlib.util
import json
import os.path as osp

import torch
import torch.nn as nn

from ..conftest import DEMO_CONFIG, ROOT, run_tool

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
    assert '| config | mode | input | FPS | x first |' in r.stdout
    assert '[2/2]' in r.stdout and '32x48' in r.stdout
    rows = json.loads(out.read_text())
    assert rows[0]['ratio'] == 1.0 and rows[1]['GMACs'] > 0
    assert rows[1]['train_MB_per_img'] > 0


def test_missing_config_is_one_clear_error():
    r = run_tool(['tools/analysis_tools/benchmark.py', 'nope.py'])
    assert r.returncode == 2
    assert 'nope.py' in r.stderr and 'does not exist' in r.stderr


def test_modes_parse_and_refuse_bad_tokens():
    m = benchmark.parse_mode('cl+bf16+compile')
    assert m == dict(name='bf16+cl+compile', dtype='bfloat16',
                     channels_last=True, compile=True, fuse=False,
                     runtime='torch')
    assert benchmark.parse_mode('int8+ov')['runtime'] == 'ov'
    assert benchmark.parse_mode('ort')['dtype'] is None
    assert benchmark.parse_mode('cl')['dtype'] is None  # fp32 by default
    for bad in ('bf16+fp16', 'bf16+nhwc', ''):
        try:
            benchmark.parse_mode(bad)
        except ValueError as e:
            assert 'tokens are' in str(e)
        else:
            raise AssertionError(bad)
    for bad in ('int8', 'ov+cl', 'bf16+ort', 'ov+ort'):
        try:
            benchmark.parse_mode(bad)
        except ValueError as e:
            assert 'mode "' in str(e)
        else:
            raise AssertionError(bad)
    # the single-mode flags make one mode
    args = benchmark.parse_args(['x.py', '--bf16', '--channels-last'])
    assert [m['name'] for m in args.modes] == ['bf16+cl']


def test_modes_side_by_side_with_training_speed(tmp_path):
    """Two modes of one config in one run: a row each, the same random
    weights (bf16 agrees with fp32 on most pixels), and training steps
    timed in each mode that can train."""
    demo = f'{ROOT}/configs/demo/fcn_r18w16-d8_1xb8-2k_demo-96x128.py'
    out = tmp_path / 'modes.json'
    r = run_tool(['tools/analysis_tools/benchmark.py', demo, '--shape', '32',
                  '48', '--repeats', '2', '--warmup', '1', '--modes', 'fp32',
                  'bf16+cl', 'fp32+fuse', '--train-speed', '--train-batch',
                  '2', '--out', str(out)])
    assert r.returncode == 0, r.stderr[-3000:]
    rows = json.loads(out.read_text())
    assert [row['mode'] for row in rows] == ['fp32', 'bf16+cl', 'fp32+fuse']
    assert rows[0]['agree'] == 100.0
    assert rows[1]['agree'] > 80 and rows[2]['agree'] > 99
    assert rows[0]['train_step_ms'] > 0 and rows[1]['train_img_s'] > 0
    assert 'train_step_ms' not in rows[2]  # a fused model does not train
    assert 'native bf16:' in r.stdout and '| train step ms |' in r.stdout


def test_profile_train_step_times_each_part(demo_root, tmp_path):
    """tools/analysis_tools/profile_train_step.py: the config's own step on
    real (demo) data, every part timed, the parts adding up."""
    out = tmp_path / 'parts.json'
    res = run_tool(['tools/analysis_tools/profile_train_step.py',
                    DEMO_CONFIG, '--data-root', str(demo_root), '--steps',
                    '1', '--warmup', '0', '--work-dir', str(tmp_path / 'w'),
                    '--out', str(out)])
    assert res.returncode == 0, res.stderr[-3000:]
    parts = json.loads(out.read_text())
    ms = parts['ms']
    for part in ('data', 'preprocess', 'backbone', 'decode head',
                 'backward', 'optimizer'):
        assert ms[part] >= 0, (part, ms)
    assert ms['backbone'] > 0 and ms['decode head'] > 0 and \
        ms['backward'] > 0
    assert abs(sum(ms.values()) - parts['total_ms']) < 1e-6 * max(
        1, parts['total_ms']) + 1e-3
    assert '| backward |' in res.stdout
    assert parts['minor_faults_per_step'] >= 0
