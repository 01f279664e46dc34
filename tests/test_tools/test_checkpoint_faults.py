"""tools/test.py and --resume with checkpoints a user gets wrong: unreadable,
of another model, malicious, swapped with the config; each ends in one
line naming the file."""

import os

import cv2
import numpy as np
import pytest
import torch

from ..conftest import DEMO_CONFIG, write_malicious_checkpoint
from ..faults import data_opts, one_error, tool_inproc


@pytest.mark.parametrize('kind', ['empty', 'truncated', 'central', 'png',
                                  'text'])
def test_unreadable_checkpoint_is_named(kind, demo_checkpoint, tmp_path,
                                        capsys):
    path = tmp_path / f'bad_{kind}.pth'
    if kind == 'empty':
        path.write_bytes(b'')
    elif kind == 'truncated':
        data = demo_checkpoint.read_bytes()
        path.write_bytes(data[:len(data) // 3])
    elif kind == 'central':
        # the zip's central directory damaged: BadZipFile, past the CRCs
        data = bytearray(demo_checkpoint.read_bytes())
        data[data.find(b'PK\x01\x02') + 1] = 0
        path.write_bytes(bytes(data))
    elif kind == 'png':
        ok, buf = cv2.imencode('.png', np.zeros((4, 4), np.uint8))
        path.write_bytes(buf.tobytes())
    else:
        path.write_text('model = dict()\n')
    want = {'empty': 'empty (0 bytes)', 'truncated': 'truncated or corrupt',
            'central': 'is corrupt (BadZipFile',
            'png': 'is not a checkpoint', 'text': 'is not a checkpoint'}[kind]
    for tool, args in [
            ('test.py', [DEMO_CONFIG, path]),
            ('train.py', [DEMO_CONFIG, '--work-dir', tmp_path / 'w',
                          '--resume', path]),
            ('train.py', [DEMO_CONFIG, '--work-dir', tmp_path / 'w',
                          '--cfg-options', f'load_from={path}'])]:
        line = one_error(*tool_inproc(tool, args, capsys)[::2])
        assert str(path) in line and want in line, (tool, line)
        assert 'allow-list' not in line


def test_checkpoint_of_another_model_stops_the_test(demo_root, demo_checkpoint,
                                                    tmp_path, capsys):
    ckpt = torch.load(demo_checkpoint, map_location='cpu', weights_only=False)
    sd = ckpt['state_dict']
    sd['decode_head.conv_seg.weight'] = torch.zeros(19, 64, 1, 1)
    sd['decode_head.conv_seg.bias'] = torch.zeros(19)
    sd['backbone.extra.weight'] = torch.zeros(1)
    del sd['backbone.layer1.0.conv1.weight']
    other = tmp_path / 'other.pth'
    torch.save(ckpt, other)
    args = [DEMO_CONFIG, other, '--work-dir', tmp_path / 'w',
            '--cfg-options'] + data_opts(demo_root)
    line = one_error(*tool_inproc('test.py', args, capsys)[::2])
    assert 'decode_head.conv_seg.weight: checkpoint (19, 64, 1, 1) vs model ' \
        '(11, 64, 1, 1)' in line
    assert 'missing key(s), first backbone.layer1.0.conv1.weight' in line
    assert 'unexpected key(s), first backbone.extra.weight' in line
    assert '--allow-partial' in line
    # the explicit opt-out loads what fits and tests
    code, _, err = tool_inproc('test.py', args[:4] + ['--allow-partial'] +
                               args[4:], capsys)
    assert code == 0, err[-3000:]


@pytest.mark.parametrize('amp', [False, True])
def test_non_finite_checkpoint_is_refused(amp, demo_root, demo_checkpoint,
                                          tmp_path, capsys):
    """A diverged run's weights gave mIoU 1.62 and exit 0: refused in one
    line by tools/test.py and tools/predict.py, naming the first tensor."""
    ckpt = torch.load(demo_checkpoint, map_location='cpu', weights_only=False)
    key = 'backbone.layer2.0.conv1.weight'
    ckpt['state_dict'][key][0, 0, 0, 0] = float('nan')
    bad = tmp_path / 'nan.pth'
    torch.save(ckpt, bad)
    img = tmp_path / 'img.png'
    cv2.imwrite(str(img), np.zeros((24, 32, 3), np.uint8))
    flag = ['--amp'] if amp else []
    for tool, args in [
            ('test.py', [DEMO_CONFIG, bad, '--work-dir', tmp_path / 'w'] +
             flag + ['--cfg-options'] + data_opts(demo_root)),
            ('predict.py', [DEMO_CONFIG, bad, img, '-o', tmp_path / 'out'] +
             flag)]:
        line = one_error(*tool_inproc(tool, args, capsys)[::2])
        assert str(bad) in line and 'non-finite' in line and key in line, \
            (tool, line)
    assert not (tmp_path / 'out').exists() or \
        not list((tmp_path / 'out').iterdir())


def test_malicious_checkpoint_is_refused_without_running(tmp_path, capsys,
                                                         monkeypatch):
    monkeypatch.delenv('MMSEG_MP_TRUST_CHECKPOINTS', raising=False)
    marker = tmp_path / 'pwned'
    evil = write_malicious_checkpoint(tmp_path / 'evil.pth', marker,
                                      protocol=4)
    line = one_error(*tool_inproc('test.py', [DEMO_CONFIG, evil],
                                  capsys)[::2])
    assert 'Refused to load checkpoint' in line and 'evil.pth' in line
    assert not marker.exists()


def test_config_and_checkpoint_swapped(demo_checkpoint, capsys):
    line = one_error(*tool_inproc('test.py', [demo_checkpoint, DEMO_CONFIG],
                                  capsys)[::2])
    assert 'swapped' in line and 'CONFIG CHECKPOINT' in line


def test_bare_resume_without_checkpoints_stops(tmp_path, capsys):
    work = tmp_path / 'empty_work'
    work.mkdir()
    line = one_error(*tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', work, '--resume'], capsys)[::2])
    assert 'no checkpoint found' in line and str(work) in line


def test_every_type_mmengine_writes_loads_empty_ones_too(tmp_path):
    from mmengine.logging import HistoryBuffer
    from mmengine.runner.checkpoint import _load_checkpoint, save_checkpoint
    loss = HistoryBuffer()
    loss.update(0.5)
    hub = dict(  # MessageHub.state_dict()'s layout
        log_scalars={'train/loss': loss, 'train/empty': HistoryBuffer()},
        runtime_info={'empty_array': np.array([]),
                      'empty_f32': np.zeros((0, 3), np.float32),
                      'scalar': np.float64(1.5),
                      'ints': np.arange(3, dtype=np.int16),
                      'dtype': np.dtype('float16')},
        resumed_keys={'train/loss': True, 'train/empty': True})
    path = tmp_path / 'c.pth'
    save_checkpoint(dict(meta=dict(seed=np.int64(3), iter=1),
                         state_dict={'w': torch.ones(1)},
                         message_hub=hub), str(path))
    ckpt = _load_checkpoint(str(path), map_location='cpu')
    info = ckpt['message_hub']['runtime_info']
    assert info['empty_array'].size == 0 and info['empty_f32'].shape == (0, 3)
    assert ckpt['message_hub']['log_scalars']['train/empty'].data[0].size == 0


def test_sigint_during_tools_test_is_one_line(demo_root, demo_checkpoint,
                                              tmp_path):
    """Ctrl-C in tools/test.py: one line saying no metric was computed and
    exit 130, not a traceback."""
    import signal
    import subprocess
    import sys
    import time

    from ..conftest import ROOT
    marker = tmp_path / 'testing'
    code = (
        'import runpy, sys, time\n'
        'from mmengine.runner import TestLoop\n'
        'orig = TestLoop.run_iter\n'
        'def slow(self, idx, batch):\n'
        f'    open({str(marker)!r}, "w").close()\n'
        '    time.sleep(60)\n'
        '    return orig(self, idx, batch)\n'
        'TestLoop.run_iter = slow\n'
        'sys.argv = sys.argv[1:]\n'
        'runpy.run_path(sys.argv[0], run_name="__main__")\n')
    args = ['tools/test.py', DEMO_CONFIG, str(demo_checkpoint), '--work-dir',
            str(tmp_path / 'w'), '--cfg-options'] + data_opts(demo_root)
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1')
    run = subprocess.Popen([sys.executable, '-c', code] + args, cwd=ROOT,
                           env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 240
        while not marker.exists() and time.time() < deadline:
            assert run.poll() is None, run.stderr.read()[-2000:]
            time.sleep(0.2)
        run.send_signal(signal.SIGINT)
        err = run.communicate(timeout=120)[1]
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 130, err[-3000:]
    assert 'Traceback' not in err
    assert err.strip().splitlines()[-1].startswith(
        'interrupted by SIGINT during the test: no metric was computed')
