"""Shared fixtures: the generated demo data and helpers to run the tools."""
import copy
import functools
import os
import os.path as osp
import shutil
import subprocess
import sys

import pytest

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEMO_CONFIG = osp.join(ROOT, 'configs', 'demo',
                       'fcn_r18w16-d8_1xb8-2k_demo-96x128.py')

import mmseg_multipath  # noqa: E402,F401  (registers; checkpoint fix)

SLOW_LIST = osp.join(osp.dirname(osp.abspath(__file__)), 'slow_tests.txt')


def slow_tests():
    """The test functions of tests/slow_tests.txt ('path::name', one per
    line, '#' comments): the suite's slowest, left out of the fast tier
    (``pytest -m "not slow"``)."""
    with open(SLOW_LIST) as f:
        return {ln.split('#')[0].strip() for ln in f
                if ln.split('#')[0].strip()}


def pytest_collection_modifyitems(config, items):
    slow = slow_tests()
    for item in items:
        if item.nodeid.split('[')[0] in slow:
            item.add_marker(pytest.mark.slow)


@functools.lru_cache(maxsize=None)
def _parsed(path):
    from mmseg_multipath.utils.config import load_config as package_load
    return package_load(path)


def load_config(path):
    """The package's ``utils.config.load_config(path)`` (the one way
    configs are read), parsed once per session (a config with mmseg::
    bases takes about 0.4 s to parse); each call returns a copy."""
    return copy.deepcopy(_parsed(osp.abspath(str(path))))


@pytest.fixture(scope='session')
def demo_root(tmp_path_factory):
    """The standard demo data set in mmseg layout (48/16/16 images)."""
    from mmseg_multipath.datasets.demo_data import prepare_demo_data
    root = str(tmp_path_factory.mktemp('demo_data'))
    prepare_demo_data(root)
    return root


@pytest.fixture(scope='session')
def demo_checkpoint(demo_root, tmp_path_factory):
    """A real checkpoint of the README demo config (2 iterations)."""
    work = tmp_path_factory.mktemp('demo_ckpt')
    res = run_tool([
        'tools/train.py', DEMO_CONFIG, '--work-dir', str(work),
        '--cfg-options', 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
        'param_scheduler.0.end=2', 'default_hooks.checkpoint.interval=2',
        'train_dataloader.batch_size=4', 'train_dataloader.num_workers=0'
    ] + data_opts(demo_root))
    assert res.returncode == 0, res.stderr[-3000:]
    return work / 'iter_2.pth'


def data_opts(root):
    """``--cfg-options`` that point every split at ``root`` (the one place
    the tests write these keys)."""
    return [f'{k}.dataset.data_root={root}' for k in
            ('train_dataloader', 'val_dataloader', 'test_dataloader')]


def demo_cfg(data_root, work_dir, max_iters=4, config=DEMO_CONFIG,
             **overrides):
    """A demo config (the README demo's by default), shrunk for tests,
    pointing at ``data_root``."""
    cfg = load_config(config)
    cfg.work_dir = str(work_dir)
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[key].dataset.data_root = data_root
    cfg.train_dataloader.num_workers = 0
    cfg.train_dataloader.persistent_workers = False
    cfg.train_cfg.max_iters = max_iters
    cfg.train_cfg.val_interval = max_iters
    for sched in cfg.param_scheduler:
        sched.end = min(sched.get('end', max_iters), max_iters)
    cfg.default_hooks.checkpoint.interval = max_iters
    cfg.default_hooks.logger.interval = 1
    cfg.merge_from_dict(overrides)
    return cfg


def seg_samples(n, num_classes, height, width, metainfo=True):
    """``n`` random SegDataSamples (the package's helper)."""
    from mmseg_multipath.utils.samples import random_seg_samples
    return random_seg_samples(n, num_classes, height, width, metainfo)


class _MkdirPayload:
    """Unpickling this runs ``os.mkdir(marker)``: the marker folder exists
    only if a loader executed code from a checkpoint."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker, ))


def write_malicious_checkpoint(path, marker, protocol=None):
    """A pickle checkpoint at ``path`` whose loading with
    ``weights_only=False`` would create the folder ``marker``."""
    import pickle
    with open(path, 'wb') as f:
        pickle.dump({'state_dict': {}, 'x': _MkdirPayload(marker)}, f,
                    protocol=protocol)
    return path


# A tool is run one of three ways, each for one purpose: ``run_tool`` (a
# subprocess: exit codes, signals, resource limits, anything that must not
# touch this process), ``faults.tool_inproc`` (``tools/X.py`` as __main__ in
# this process: the fault tests' one error line, fast), ``load_tool`` (the
# tool's module imported: its functions tested directly).
def run_tool(args, timeout=600, env=None, **kwargs):
    """Run ``python tools/...`` with the test interpreter (a subprocess)."""
    full_env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1')
    full_env.update(env or {})
    return subprocess.run([sys.executable] + list(args), cwd=ROOT,
                          env=full_env, capture_output=True, text=True,
                          timeout=timeout, **kwargs)


@pytest.fixture(autouse=True)
def _mmseg_default_scope():
    """Tests that build mmpretrain models switch mmengine's default scope;
    put mmseg's back afterwards so that later tests resolve mmseg's
    registries (transforms, datasets) whatever the order."""
    yield
    from mmengine.registry import DefaultScope, init_default_scope
    current = DefaultScope.get_current_instance()
    if current is None or current.scope_name != 'mmseg':
        init_default_scope('mmseg')


@functools.lru_cache(maxsize=None)
def load_tool(relpath):
    """The module of ``tools/RELPATH`` (tools/ is not a package)."""
    import importlib.util
    name = osp.splitext(relpath)[0].replace('/', '_')
    spec = importlib.util.spec_from_file_location(
        name, osp.join(ROOT, 'tools', relpath))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_predictions_depend_on_the_image(runner):
    """What a broken model fails after a few iterations: finite logits that
    vary across each image and differ between images."""
    import torch
    batch = next(iter(runner.val_dataloader))
    with torch.no_grad():
        samples = runner.model.test_step(batch)
    logits = [s.seg_logits.data for s in samples]
    assert all(torch.isfinite(x).all() for x in logits)
    assert all(x.flatten(1).std(1).max() > 0 for x in logits)
    assert not torch.allclose(logits[0], logits[1])


@pytest.fixture
def demo_copy(demo_root, tmp_path):
    """A copy of the demo data that a test may damage."""
    root = tmp_path / 'data'
    shutil.copytree(demo_root, root, ignore=shutil.ignore_patterns('segnet'))
    return root
