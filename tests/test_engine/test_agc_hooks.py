"""ClassWeightHook (ENet weights, mean 1), AGCLambdaHook logs, one CPU
training iteration of the AGC SegNet demo config, and the lambda plot."""
import json
import os.path as osp

import numpy as np

from mmseg_multipath.engine import build_runner
from mmseg_multipath.engine.hooks import enet_class_weights
from ..conftest import ROOT, demo_cfg, run_tool

AGC_DEMO = osp.join(ROOT, 'configs', 'agc',
                    'segnet_vgg16w16-agc_1xb4-2k_demo-96x128.py')


def test_enet_weights_normalised_to_mean_one():
    w = enet_class_weights(np.array([900, 90, 10]))
    assert abs(np.mean(w) - 1) < 1e-9
    assert w[0] < w[1] < w[2]
    raw = 1 / np.log(1.02 + np.array([0.9, 0.09, 0.01]))
    np.testing.assert_allclose(np.array(w) / w[0], raw / raw[0])


def test_agc_segnet_trains_and_logs_lambda(demo_root, tmp_path):
    from mmengine.config import Config
    cfg = demo_cfg(demo_root, tmp_path / 'w', max_iters=2)
    agc = Config.fromfile(AGC_DEMO)
    for key in ('model', 'optim_wrapper', 'auto_scale_lr', 'custom_hooks'):
        cfg[key] = agc[key]
    cfg.param_scheduler = agc.param_scheduler
    for hook in cfg.custom_hooks:
        if hook['type'] == 'AGCLambdaHook':
            hook['interval'] = 1
    assert 'AGCInitHook' in [h['type'] for h in cfg.custom_hooks]
    cfg.train_dataloader.batch_size = 2
    cfg.visualizer.vis_backends = [
        dict(type='LocalVisBackend'), dict(type='TensorboardVisBackend')]
    cfg.visualizer.name = 'agc_hook_test'
    runner = build_runner(cfg)
    runner.train()
    # the LR follows the paper's rule: 0.02 x batch size
    assert abs(runner.optim_wrapper.get_lr()['lr'][0] - 0.04) < 1e-9
    weights = json.load(open(tmp_path / 'w' / 'class_weights.json'))
    assert abs(np.mean(weights['weights']) - 1) < 1e-6
    assert runner.model.decode_head.loss_decode.class_weight == \
        weights['weights']
    scalars = [json.loads(s) for s in open(
        tmp_path / 'w' / runner.timestamp / 'vis_data' / 'scalars.json')]
    lam = [s for s in scalars if any(k.startswith('agc_lambda/') for k in s)]
    assert len(lam) == 2
    assert len([k for k in lam[0] if k.endswith('/mean')]) == 25
    # TensorBoard gets the same scalars when its backend is configured
    assert list((tmp_path / 'w' / runner.timestamp / 'vis_data').glob(
        'events.out.tfevents.*'))
    res = run_tool(['tools/analysis_tools/plot_agc_lambda.py',
                    str(tmp_path / 'w'), '-o', str(tmp_path / 'lam.png')])
    assert res.returncode == 0, res.stderr[-2000:]
    assert osp.getsize(tmp_path / 'lam.png') > 10_000


def test_agc_vs_bn_tool_smoke(demo_root, tmp_path):
    """The experiment tool runs end to end (tiny budget) and plots."""
    res = run_tool([
        'tools/analysis_tools/agc_vs_bn.py', AGC_DEMO, '--samples', '4',
        '--batch-sizes', '1', '2', '--evals', '1', '--work-dir',
        str(tmp_path / 'cmp'), '--cfg-options',
        f'train_dataloader.dataset.data_root={demo_root}',
        f'val_dataloader.dataset.data_root={demo_root}',
        'train_dataloader.num_workers=0'
    ])
    assert res.returncode == 0, res.stderr[-3000:]
    assert (tmp_path / 'cmp' / 'agc_vs_bn.png').is_file()
    rows = json.load(open(tmp_path / 'cmp' / 'agc_vs_bn.json'))
    assert [(r['norm'], r['batch']) for r in rows] == [
        ('BN', 1), ('AGC', 1), ('BN', 2), ('AGC', 2)]
    # lr = 0.02 x batch size
    assert [round(r['lr'], 6) for r in rows] == [0.02, 0.02, 0.04, 0.04]
    assert all(r['val'] for r in rows)


def test_norm_benchmark_table(tmp_path):
    """benchmark_norms.py: BN, naive AGC and AGC of one config take turns;
    AGC keeps less for backward than BN (the memory-efficient backward)."""
    out = tmp_path / 'norms.json'
    res = run_tool([
        'tools/analysis_tools/benchmark_norms.py',
        osp.join(ROOT, 'configs', 'demo',
                 'fcn_r18w16-d8_1xb8-2k_demo-96x128.py'),
        '--batch-sizes', '2', '--size', '32', '48', '--steps', '1',
        '--warmup', '0', '--out', str(out)])
    assert res.returncode == 0, res.stderr[-3000:]
    assert 'norms taking turns' in res.stdout
    rows = json.load(open(out))
    assert [r['norm'] for r in rows] == ['BN', 'AGC naive', 'AGC']
    assert rows[0]['kept_vs_bn'] == 1.0 and rows[2]['kept_vs_bn'] < 0.9
    assert all(r['step_s'] > 0 and r['peak_mb'] is None for r in rows)


def test_plot_agc_lambda_draws_no_empty_panel_for_one_record(tmp_path):
    """A run with one lambda record has no curve over iterations: one
    panel (700 px wide), not a second, empty one (two panels: 1300 px)."""
    import importlib.util

    from PIL import Image
    spec = importlib.util.spec_from_file_location('plot_agc_lambda', osp.join(
        osp.dirname(osp.dirname(osp.dirname(__file__))), 'tools',
        'analysis_tools', 'plot_agc_lambda.py'))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    one = {f'{i}_layer': {k: {10: 0.5 + i / 10} for k in ('mean', 'min',
                                                          'max')}
           for i in range(3)}
    tool.plot(one, str(tmp_path / 'one.png'))
    assert Image.open(tmp_path / 'one.png').size[0] == 700
    two = {name: {k: {10: v[k][10], 20: v[k][10] * 2} for k in v}
           for name, v in one.items()}
    tool.plot(two, str(tmp_path / 'two.png'))
    assert Image.open(tmp_path / 'two.png').size[0] == 1300


def test_class_weights_refuse_mmseg_cross_entropy(tmp_path):
    """mmseg's CrossEntropyLoss fails on void pixels once weighted: the hook
    names the loss to use instead of training into an IndexError."""
    from types import SimpleNamespace

    import pytest
    from mmseg.models.losses import CrossEntropyLoss

    from mmseg_multipath.engine.hooks import ClassWeightHook
    (tmp_path / 'class_weights.json').write_text(
        '{"classes": ["a", "b"], "weights": [0.5, 1.5]}')
    model = SimpleNamespace(decode_head=SimpleNamespace(
        loss_decode=CrossEntropyLoss()), auxiliary_head=None)
    runner = SimpleNamespace(
        work_dir=str(tmp_path), model=model,
        train_dataloader=SimpleNamespace(dataset=SimpleNamespace(
            metainfo=dict(classes=('a', 'b')))),
        logger=SimpleNamespace(info=print, warning=print))
    with pytest.raises(ValueError, match='WeightedCrossEntropyLoss'):
        ClassWeightHook().before_train(runner)
