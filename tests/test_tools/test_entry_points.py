"""The config is the one source of truth: the same config trained through
our ``tools/train.py``, mmseg's own ``tools/train.py``, and
``RUNNERS.build(cfg).train()`` in plain Python (mmengine's registry and
mmseg's) runs the same hooks and the same data preprocessor, and ends with
byte-identical weights.

``mim train mmseg CONFIG`` runs ``python <mmseg>/.mim/tools/train.py
CONFIG ...`` (openmim 0.3.9, ``mim/commands/train.py``), the file tested
here as "mmseg"; openmim itself is not installed in the project's
environment (it would downgrade setuptools, packaging and requests)."""
import os
import os.path as osp
import re

import mmseg
import pytest
import torch
from mmengine.config import Config

from mmseg_multipath.utils.checkpoints import read_checkpoint, state_dict_of
from ..conftest import DEMO_CONFIG, run_tool

MMSEG_TRAIN = osp.join(osp.dirname(mmseg.__file__), '.mim', 'tools',
                       'train.py')
ITERS = 2

BUILD_IN_PYTHON = '''
import sys
from mmengine.config import Config
from mmengine.registry import RUNNERS
from mmseg.registry import RUNNERS as MMSEG_RUNNERS
cfg = Config.fromfile(sys.argv[1])
cfg.work_dir = sys.argv[2]
registry = MMSEG_RUNNERS if sys.argv[3] == 'mmseg' else RUNNERS
registry.build(cfg).train()
'''


def _config(tmp_path, demo_root):
    """A short run of the README demo config, as a config file: nothing
    of it comes from a command line."""
    path = tmp_path / 'short_demo.py'
    path.write_text(
        f"_base_ = [{DEMO_CONFIG!r}]\n"
        f"train_cfg = dict(max_iters={ITERS}, val_interval={ITERS})\n"
        f"param_scheduler = [dict(type='PolyLR', eta_min=1e-4, power=0.9, "
        f"begin=0, end={ITERS}, by_epoch=False)]\n"
        f"default_hooks = dict(checkpoint=dict(interval={ITERS}), "
        "logger=dict(interval=1))\n"
        "randomness = dict(seed=0)\n"
        "train_dataloader = dict(batch_size=2, num_workers=0, "
        f"dataset=dict(data_root={demo_root!r}))\n"
        f"val_dataloader = dict(dataset=dict(data_root={demo_root!r}))\n"
        f"test_dataloader = dict(dataset=dict(data_root={demo_root!r}))\n")
    return str(path)


def _hooks_and_preprocessor(work_dir):
    """Hook class names from mmengine's hook table in the run's log, and
    the preprocessor type of the config the runner dumped."""
    logs = [osp.join(r, f) for r, _, fs in os.walk(work_dir) for f in fs
            if f.endswith('.log')]
    assert len(logs) == 1, logs
    text = open(logs[0]).read()
    hooks = sorted(set(re.findall(r'^\(\w+\s*\) (\w+)\s*$', text, re.M)))
    dumped = [f for f in os.listdir(work_dir) if f.endswith('.py')]
    assert len(dumped) == 1, dumped
    model = Config.fromfile(osp.join(work_dir, dumped[0])).model
    return hooks, model.data_preprocessor.type


@pytest.fixture(scope='module')
def runs(tmp_path_factory, demo_root):
    tmp = tmp_path_factory.mktemp('entry_points')
    config = _config(tmp, demo_root)
    commands = {
        'ours': ['tools/train.py', config],
        'mmseg': [MMSEG_TRAIN, config],
        'mmengine RUNNERS': ['-c', BUILD_IN_PYTHON, config],
        'mmseg RUNNERS': ['-c', BUILD_IN_PYTHON, config],
    }
    out = {}
    for name, args in commands.items():
        work = str(tmp / name.replace(' ', '_'))
        extra = [work, name.split()[0]] if 'RUNNERS' in name else \
            ['--work-dir', work]
        res = run_tool(args + extra)
        assert res.returncode == 0, (name, res.stderr[-3000:])
        out[name] = work
    return out


def test_every_entry_point_runs_the_same_hooks_and_preprocessor(runs):
    seen = {name: _hooks_and_preprocessor(work)
            for name, work in runs.items()}
    hooks, pre = seen['ours']
    for needed in ('AtomicCheckpointHook', 'SkippedFilesHook',
                   'IterSeedHook', 'NonFiniteGuardHook',
                   'EarlyProgressHook'):
        assert needed in hooks, hooks
    assert 'CheckpointHook' not in hooks, hooks
    assert pre == 'MixedSizeSegDataPreProcessor', pre
    for name, got in seen.items():
        assert got == (hooks, pre), (name, got)


def test_every_entry_point_ends_with_the_same_weights(runs):
    weights = {
        name: state_dict_of(read_checkpoint(
            osp.join(work, f'iter_{ITERS}.pth')))
        for name, work in runs.items()
    }
    ref = weights['ours']
    for name, sd in weights.items():
        assert sd.keys() == ref.keys(), name
        for key, value in sd.items():
            assert torch.equal(value, ref[key]), (name, key)
