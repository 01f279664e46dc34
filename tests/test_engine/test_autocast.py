"""Mixed precision: the autocast plan, AutocastOptimWrapper, --amp."""
import pytest
import torch
import torch.nn as nn
from mmengine.optim import build_optim_wrapper

from mmseg_multipath.engine.optimizers import AutocastOptimWrapper
from mmseg_multipath.engine.optimizers import autocast_optim_wrapper as aow
from mmseg_multipath.utils import autocast as ac
from ..conftest import DEMO_CONFIG, data_opts, run_tool

NATIVE = ac.cpu_bf16_isa() is not None
needs_bf16 = pytest.mark.skipif(not NATIVE,
                                reason='this CPU has no native bf16')


def _no_native_bf16(monkeypatch):
    monkeypatch.setattr(ac, 'cpu_bf16_isa', lambda: None)


def test_plan_follows_the_cpu_isa(monkeypatch):
    monkeypatch.setattr(ac, 'cpu_bf16_isa', lambda: 'avx512_bf16')
    enabled, dtype, why = ac.autocast_plan('cpu')
    assert enabled and dtype == torch.bfloat16 and 'avx512_bf16' in why
    _no_native_bf16(monkeypatch)
    enabled, _, why = ac.autocast_plan('cpu')
    assert not enabled and 'float32' in why and 'avx512_bf16' in why


def test_float16_on_the_cpu_is_refused():
    with pytest.raises(ValueError, match='bfloat16 on the CPU'):
        ac.autocast_plan('cpu', 'float16')
    with pytest.raises(ValueError, match='must be one of'):
        ac.to_dtype('half8')


def _wrapper(model, **kw):
    return build_optim_wrapper(model, dict(
        type='AutocastOptimWrapper', optimizer=dict(type='SGD', lr=0.1),
        **kw))


@needs_bf16
def test_wrapper_runs_forward_in_bf16_and_keeps_float32_state():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
    wrapper = _wrapper(model)
    assert isinstance(wrapper, AutocastOptimWrapper)
    x = torch.randn(2, 3, 8, 8)
    with wrapper.optim_context(model):
        out = model(x)
    assert out.dtype == torch.bfloat16
    before = [p.detach().clone() for p in model.parameters()]
    wrapper.update_params(out.float().square().mean())
    for p, b in zip(model.parameters(), before):
        assert p.dtype == torch.float32 and not torch.equal(p, b)
    # outside the context: float32 again; the state dict is OptimWrapper's
    assert model(x).dtype == torch.float32
    assert set(wrapper.state_dict()) == {'state', 'param_groups'}


def test_wrapper_without_native_bf16_trains_float32_and_says_so(
        monkeypatch):
    _no_native_bf16(monkeypatch)
    said = []
    monkeypatch.setattr(aow, 'print_log',
                        lambda msg, **kw: said.append((msg, kw)))
    model = nn.Conv2d(3, 4, 3)
    wrapper = _wrapper(model)
    for _ in range(3):
        with wrapper.optim_context(model):
            assert model(torch.randn(1, 3, 5, 5)).dtype == torch.float32
    assert len(said) == 1, said  # one line, at the first iteration
    assert 'running in float32' in said[0][0]
    assert said[0][1]['level'] >= 30  # a warning


def test_use_amp_optim_wrapper_per_device():
    cpu = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1))
    ac.use_amp_optim_wrapper(cpu, 'cpu')
    assert cpu['type'] == 'AutocastOptimWrapper'
    assert cpu['dtype'] == 'bfloat16'
    cuda = dict(type='OptimWrapper')
    ac.use_amp_optim_wrapper(cuda, 'cuda')
    assert cuda == dict(type='AmpOptimWrapper', loss_scale='dynamic')
    cuda_bf16 = dict(type='OptimWrapper')
    ac.use_amp_optim_wrapper(cuda_bf16, 'cuda', 'bfloat16')
    assert cuda_bf16['type'] == 'AutocastOptimWrapper'
    already = dict(type='AmpOptimWrapper', loss_scale=512.)
    assert 'already' in ac.use_amp_optim_wrapper(already, 'cuda')
    assert already == dict(type='AmpOptimWrapper', loss_scale=512.)
    with pytest.raises(ValueError, match='needs CUDA'):
        ac.use_amp_optim_wrapper(dict(type='OptimWrapper'), 'cpu', 'float16')
    with pytest.raises(ValueError, match='ColossalAIOptimWrapper'):
        ac.use_amp_optim_wrapper(dict(type='ColossalAIOptimWrapper'), 'cpu')


def test_train_tool_amp_on_the_cpu(demo_root, tmp_path):
    """``tools/train.py --amp`` trains on the CPU (mmengine's
    AmpOptimWrapper would refuse it) and says which mode ran."""
    r = run_tool([
        'tools/train.py', DEMO_CONFIG, '--amp', '--work-dir', str(tmp_path),
        '--cfg-options', 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
        'param_scheduler.0.end=2', 'default_hooks.checkpoint.interval=2',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
        'optim_wrapper.type=OptimWrapper'
    ] + data_opts(demo_root))
    assert r.returncode == 0, r.stderr[-3000:]
    log = r.stdout + r.stderr
    assert '--amp: bfloat16 autocast (AutocastOptimWrapper)' in log
    assert ('bfloat16 autocast on the CPU' if NATIVE else
            'running in float32') in log
    assert (tmp_path / 'iter_2.pth').is_file()


@pytest.mark.parametrize('amp', [False, True], ids=['fp32', 'amp'])
def test_predict_is_mmseg_inference_model(amp, demo_root, demo_checkpoint,
                                          tmp_path):
    """``tools/predict.py [--amp]`` gives the labels of mmseg's own
    ``init_model`` + ``inference_model`` on the image file (mmseg reads it
    itself), under bf16 autocast with ``--amp``; both in fresh processes
    of one thread."""
    import os

    import cv2
    import numpy as np
    if amp and not NATIVE:
        pytest.skip('this CPU has no native bf16')
    img = os.path.join(demo_root, 'img_dir', 'test',
                       sorted(os.listdir(os.path.join(demo_root, 'img_dir',
                                                      'test')))[0])
    out = tmp_path / 'pred'
    r = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint), img,
                  '-o', str(out)] + ['--amp'] * amp)
    assert r.returncode == 0, r.stderr[-3000:]
    assert ('--amp: bfloat16 autocast on the CPU' in r.stdout) == amp
    ref_png = tmp_path / 'ref.png'
    script = (
        'import sys, cv2, torch\n'
        'import mmseg_multipath\n'
        'from mmseg.apis import inference_model, init_model\n'
        'cfg, ckpt, img, out, amp = sys.argv[1:]\n'
        "m = init_model(cfg, ckpt, device='cpu')\n"
        "with torch.autocast('cpu', dtype=torch.bfloat16,\n"
        "                    enabled=amp == '1'):\n"
        '    lab = inference_model(m, img).pred_sem_seg.data[0]\n'
        "cv2.imwrite(out, lab.numpy().astype('uint8'))\n")
    r = run_tool(['-c', script, DEMO_CONFIG, str(demo_checkpoint), img,
                  str(ref_png), str(int(amp))])
    assert r.returncode == 0, r.stderr[-3000:]
    stem = os.path.splitext(os.path.basename(img))[0]
    label = cv2.imread(str(out / f'{stem}_label.png'), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(
        label, cv2.imread(str(ref_png), cv2.IMREAD_UNCHANGED))


def test_test_tool_amp_says_which_mode_and_evaluates(
        demo_root, demo_checkpoint, tmp_path):
    r = run_tool(['tools/test.py', DEMO_CONFIG, str(demo_checkpoint),
                  '--amp', '--work-dir', str(tmp_path), '--cfg-options'] +
                 [f'{k}.dataset.data_root={demo_root}'
                  for k in ('val_dataloader', 'test_dataloader')])
    assert r.returncode == 0, r.stderr[-3000:]
    log = r.stdout + r.stderr
    assert ('--amp: bfloat16 autocast on the CPU' if NATIVE else
            'running in float32') in log
    assert 'mIoU' in log
