"""Fault injection, as a demanding user meets faults: each case asserts the
exit code, the one ``error:`` line (naming the file or key) and that no
saved work is lost.

The tools run in this process where a case fails before training (cheap),
and in a subprocess where a run trains, is interrupted or needs torchrun.
Two more cases live beside the features they test: SIGKILL + ``--resume``
with a seed (test_resume.py) and two-process CPU DDP whose logged
validation equals tools/test.py on the saved checkpoint (test_ddp.py).
"""
import os
import os.path as osp
import runpy
import shutil
import socket
import sys

import cv2
import numpy as np
import pytest
import torch

from ..conftest import DEMO_CONFIG, ROOT, run_tool, write_malicious_checkpoint

ITERS = 6


def _data_opts(root):
    return [f'{k}.dataset.data_root={root}' for k in
            ('train_dataloader', 'val_dataloader', 'test_dataloader')]


def _short(root, iters=ITERS, ckpt_every=2, keep=-1):
    return ['--cfg-options', f'train_cfg.max_iters={iters}',
            f'train_cfg.val_interval={iters}',
            f'param_scheduler.0.end={iters}',
            f'default_hooks.checkpoint.interval={ckpt_every}',
            f'default_hooks.checkpoint.max_keep_ckpts={keep}',
            'default_hooks.logger.interval=1', 'train_dataloader.batch_size=4',
            'train_dataloader.num_workers=0'] + _data_opts(root)


def _tool_inproc(tool, args, capsys):
    """Run tools/<tool> in this process; (exit code, stdout, stderr)."""
    argv, code = sys.argv, 0
    sys.argv = [tool] + [str(a) for a in args]
    capsys.readouterr()
    try:
        runpy.run_path(osp.join(ROOT, 'tools', tool), run_name='__main__')
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        sys.argv = argv
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_error(code, err):
    lines = [ln for ln in err.splitlines() if ln.startswith('error:')]
    assert code == 2, err[-3000:]
    assert len(lines) == 1, err[-3000:]
    return lines[0]


def _err(res):
    return _one_error(res.returncode, res.stderr)


def _finite_ckpts(work):
    """{name: all floats finite} for the checkpoints in ``work``."""
    out = {}
    for name in sorted(os.listdir(work)):
        if name.endswith('.pth'):
            sd = torch.load(work / name, map_location='cpu',
                            weights_only=False)['state_dict']
            out[name] = all(bool(torch.isfinite(v).all()) for v in sd.values()
                            if v.is_floating_point())
    return out


@pytest.fixture
def demo_copy(demo_root, tmp_path):
    root = tmp_path / 'data'
    shutil.copytree(demo_root, root, ignore=shutil.ignore_patterns('segnet'))
    return root


@pytest.fixture
def demo_ckpt(demo_checkpoint):
    return demo_checkpoint


# ---------------------------------------------------------------- training


def test_nan_loss_stops_before_a_checkpoint_is_written(demo_root, tmp_path):
    work = tmp_path / 'w'
    res = run_tool(['tools/train.py', DEMO_CONFIG, '--work-dir', str(work)] +
                   _short(demo_root, iters=8, ckpt_every=1, keep=1) +
                   ['optim_wrapper.optimizer.lr=1e12'])
    line = _err(res)
    assert 'non-finite' in line and 'iteration' in line
    saved = _finite_ckpts(work)
    # no non-finite checkpoint; the finite one before the fault was kept
    assert all(saved.values()), saved
    it = int(line.split('iteration ')[1].split()[0].rstrip(':'))
    if it > 1:
        assert f'iter_{it - 1}.pth' in saved


def test_resume_without_seed_is_exact_and_skips_a_truncated_checkpoint(
        demo_root, tmp_path):
    """The config sets no seed; the last checkpoint was cut short (a crash
    while saving). ``--resume`` falls back to the one before, says so, and
    ends bit-identical to the uninterrupted run."""
    work = tmp_path / 'w'
    args = ['tools/train.py', DEMO_CONFIG, '--work-dir', str(work)] + \
        _short(demo_root) + ['randomness.seed=None']
    first = run_tool(args)
    assert first.returncode == 0, first.stderr[-3000:]
    ref = torch.load(work / f'iter_{ITERS}.pth', map_location='cpu',
                     weights_only=False)
    data = (work / f'iter_{ITERS}.pth').read_bytes()
    (work / f'iter_{ITERS}.pth').write_bytes(data[:len(data) // 2])
    res = run_tool(args[:4] + ['--resume'] + args[4:])
    assert res.returncode == 0, res.stderr[-3000:]
    log = res.stdout + res.stderr
    assert 'skipped unreadable checkpoint' in log and 'truncated' in log
    assert f'falling back to {work}/iter_{ITERS - 2}.pth' in log
    got = torch.load(work / f'iter_{ITERS}.pth', map_location='cpu',
                     weights_only=False)
    assert got['meta']['seed'] == ref['meta']['seed']
    for k, v in ref['state_dict'].items():
        assert torch.equal(got['state_dict'][k], v), k


def test_resume_at_max_iters_runs_the_missing_validation(demo_root,
                                                         tmp_path):
    work = tmp_path / 'w'
    first = run_tool(['tools/train.py', DEMO_CONFIG, '--work-dir', str(work)]
                     + _short(demo_root, iters=2) +
                     ['train_cfg.val_interval=1000'] +
                     ['val_cfg=None', 'val_dataloader=None',
                      'val_evaluator=None'])
    assert first.returncode == 0, first.stderr[-3000:]
    assert 'Iter(val)' not in first.stdout + first.stderr
    res = run_tool(['tools/train.py', DEMO_CONFIG, '--work-dir', str(work),
                    '--resume'] + _short(demo_root, iters=2))
    assert res.returncode == 0, res.stderr[-3000:]
    log = res.stdout + res.stderr
    assert 'running the final validation' in log and 'Iter(val)' in log


def test_disk_full_names_the_path_and_keeps_earlier_checkpoints(
        demo_root, tmp_path):
    work = tmp_path / 'w'
    code = (
        'import errno, runpy, sys\n'
        'from mmengine.fileio.backends import local_backend as lb\n'
        'orig, n = lb.LocalBackend.put, [0]\n'
        'def put(self, obj, filepath):\n'
        '    if ".pth" in str(filepath):  # .iter_N.pth.part too\n'
        '        n[0] += 1\n'
        '        if n[0] == 2:\n'
        '            raise OSError(errno.ENOSPC, "No space left on device")\n'
        '    return orig(self, obj, filepath)\n'
        'lb.LocalBackend.put = put\n'
        'sys.argv = sys.argv[1:]\n'
        'runpy.run_path(sys.argv[0], run_name="__main__")\n')
    res = run_tool(['-c', code, 'tools/train.py', DEMO_CONFIG, '--work-dir',
                    str(work)] + _short(demo_root, iters=4, ckpt_every=2))
    line = _err(res)
    assert 'No space left on device' in line and str(work) in line
    ckpt = torch.load(work / 'iter_2.pth', map_location='cpu',
                      weights_only=False)  # the earlier one is intact
    assert ckpt['meta']['iter'] == 2
    assert not list(work.glob('.*.part'))  # the half-written one is gone
    assert (work / 'last_checkpoint').read_text().endswith('iter_2.pth')


# ------------------------------------------------- checkpoints, in process


@pytest.mark.parametrize('kind', ['empty', 'truncated', 'png', 'text'])
def test_unreadable_checkpoint_is_named(kind, demo_ckpt, tmp_path, capsys):
    path = tmp_path / f'bad_{kind}.pth'
    if kind == 'empty':
        path.write_bytes(b'')
    elif kind == 'truncated':
        data = demo_ckpt.read_bytes()
        path.write_bytes(data[:len(data) // 3])
    elif kind == 'png':
        ok, buf = cv2.imencode('.png', np.zeros((4, 4), np.uint8))
        path.write_bytes(buf.tobytes())
    else:
        path.write_text('model = dict()\n')
    want = {'empty': 'empty (0 bytes)', 'truncated': 'truncated or corrupt',
            'png': 'is not a checkpoint', 'text': 'is not a checkpoint'}[kind]
    for tool, args in [
            ('test.py', [DEMO_CONFIG, path]),
            ('train.py', [DEMO_CONFIG, '--work-dir', tmp_path / 'w',
                          '--resume', path]),
            ('train.py', [DEMO_CONFIG, '--work-dir', tmp_path / 'w',
                          '--cfg-options', f'load_from={path}'])]:
        line = _one_error(*_tool_inproc(tool, args, capsys)[::2])
        assert str(path) in line and want in line, (tool, line)
        assert 'allow-list' not in line


def test_checkpoint_of_another_model_stops_the_test(demo_root, demo_ckpt,
                                                    tmp_path, capsys):
    ckpt = torch.load(demo_ckpt, map_location='cpu', weights_only=False)
    sd = ckpt['state_dict']
    sd['decode_head.conv_seg.weight'] = torch.zeros(19, 64, 1, 1)
    sd['decode_head.conv_seg.bias'] = torch.zeros(19)
    sd['backbone.extra.weight'] = torch.zeros(1)
    del sd['backbone.layer1.0.conv1.weight']
    other = tmp_path / 'other.pth'
    torch.save(ckpt, other)
    args = [DEMO_CONFIG, other, '--work-dir', tmp_path / 'w',
            '--cfg-options'] + _data_opts(demo_root)
    line = _one_error(*_tool_inproc('test.py', args, capsys)[::2])
    assert 'decode_head.conv_seg.weight: checkpoint (19, 64, 1, 1) vs model ' \
        '(11, 64, 1, 1)' in line
    assert 'missing key(s), first backbone.layer1.0.conv1.weight' in line
    assert 'unexpected key(s), first backbone.extra.weight' in line
    assert '--allow-partial' in line
    # the explicit opt-out loads what fits and tests
    code, _, err = _tool_inproc('test.py', args[:4] + ['--allow-partial'] +
                                args[4:], capsys)
    assert code == 0, err[-3000:]


def test_malicious_checkpoint_is_refused_without_running(tmp_path, capsys,
                                                         monkeypatch):
    monkeypatch.delenv('MMSEG_MP_TRUST_CHECKPOINTS', raising=False)
    marker = tmp_path / 'pwned'
    evil = write_malicious_checkpoint(tmp_path / 'evil.pth', marker,
                                      protocol=4)
    line = _one_error(*_tool_inproc('test.py', [DEMO_CONFIG, evil],
                                    capsys)[::2])
    assert 'Refused to load checkpoint' in line and 'evil.pth' in line
    assert not marker.exists()


def test_config_and_checkpoint_swapped(demo_ckpt, capsys):
    line = _one_error(*_tool_inproc('test.py', [demo_ckpt, DEMO_CONFIG],
                                    capsys)[::2])
    assert 'swapped' in line and 'CONFIG CHECKPOINT' in line


def test_bare_resume_without_checkpoints_stops(tmp_path, capsys):
    work = tmp_path / 'empty_work'
    work.mkdir()
    line = _one_error(*_tool_inproc('train.py', [
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


# --------------------------------------------------------- data and config


def test_16_bit_label_above_255_is_refused(demo_copy, tmp_path):
    from mmseg_multipath.datasets.checks import DataError
    from mmseg_multipath.datasets.transforms import CheckedLoadAnnotations
    ann = demo_copy / 'ann_dir' / 'train'
    name = sorted(os.listdir(ann))[0]
    lab = cv2.imread(str(ann / name), cv2.IMREAD_UNCHANGED).astype(np.uint16)
    lab[:3, :3] = 259  # would be read as 3 (Road) after the uint8 cast
    cv2.imwrite(str(ann / name), lab)
    t = CheckedLoadAnnotations(num_classes=11)
    results = dict(seg_map_path=str(ann / name), reduce_zero_label=False,
                   seg_fields=[], img_shape=lab.shape, ori_shape=lab.shape)
    with pytest.raises(DataError, match=r'holds values above 255 \(\[259\]'):
        t(results)
    lab[:3, :3] = 3  # 16-bit but in range: loads as before
    cv2.imwrite(str(ann / name), lab)
    assert int(t(results)['gt_seg_map'][0, 0]) == 3


def test_misspelled_data_prefix_key_is_named(demo_root, tmp_path, capsys):
    line = _one_error(*_tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
        'train_dataloader.dataset.data_prefix.img_pth=img_dir/train'] +
        _data_opts(demo_root), capsys)[::2])
    assert "'img_pth'" in line and "'img_path', 'seg_map_path'" in line


# The cases that already ended in one clear line stay that way.


def test_missing_config(tmp_path, capsys):
    line = _one_error(*_tool_inproc('train.py', [tmp_path / 'nope.py'],
                                    capsys)[::2])
    assert 'nope.py' in line and 'does not exist' in line


def test_missing_data_root(tmp_path, capsys):
    line = _one_error(*_tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
        f'train_dataloader.dataset.data_root={tmp_path}/no_data'],
        capsys)[::2])
    assert 'no_data' in line and 'does not exist' in line


def test_empty_split(tmp_path, demo_copy, capsys):
    for f in os.listdir(demo_copy / 'img_dir' / 'train'):
        os.remove(demo_copy / 'img_dir' / 'train' / f)
    line = _one_error(*_tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options'] +
        _data_opts(demo_copy), capsys)[::2])
    assert 'img_dir/train' in line and 'empty' in line


def test_unknown_model_type(tmp_path, capsys):
    line = _one_error(*_tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
        'model.backbone.type=ResNetNoSuch'], capsys)[::2])
    assert 'ResNetNoSuch' in line and 'registry' in line


def test_unknown_config_key(tmp_path, demo_root, capsys):
    line = _one_error(*_tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
        'model.backbone.dept=18'] + _data_opts(demo_root), capsys)[::2])
    assert "'dept'" in line


def test_missing_checkpoint_and_resume_path(tmp_path, capsys):
    missing = tmp_path / 'none.pth'
    for tool, args in [('test.py', [DEMO_CONFIG, missing]),
                       ('train.py', [DEMO_CONFIG, '--work-dir',
                                     tmp_path / 'w', '--resume', missing])]:
        line = _one_error(*_tool_inproc(tool, args, capsys)[::2])
        assert 'none.pth' in line and 'does not exist' in line


def test_unwritable_work_dir(tmp_path, demo_root, capsys):
    blocker = tmp_path / 'a_file'
    blocker.write_text('')
    line = _one_error(*_tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', blocker / 'w', '--cfg-options'] +
        _data_opts(demo_root), capsys)[::2])
    assert 'a_file' in line


@pytest.mark.parametrize('fault', ['value', 'size', 'channels', 'missing',
                                   'corrupt_image', 'corrupt_label'])
def test_bad_data_during_training_names_the_file(fault, tmp_path, demo_copy,
                                                 capsys):
    ann = demo_copy / 'ann_dir' / 'train'
    img = demo_copy / 'img_dir' / 'train'
    name = sorted(os.listdir(ann))[0]
    lab = cv2.imread(str(ann / name), cv2.IMREAD_UNCHANGED)
    if fault == 'value':
        for n in os.listdir(ann):
            lab = cv2.imread(str(ann / n), cv2.IMREAD_UNCHANGED)
            lab[:5, :5] = 77
            cv2.imwrite(str(ann / n), lab)
    elif fault == 'size':
        for n in os.listdir(ann):
            cv2.imwrite(str(ann / n), np.zeros((7, 9), np.uint8))
    elif fault == 'channels':
        for n in os.listdir(ann):
            cv2.imwrite(str(ann / n), np.zeros(lab.shape + (3, ), np.uint8))
    elif fault == 'missing':
        os.remove(ann / name)
    elif fault == 'corrupt_label':
        for n in os.listdir(ann):
            (ann / n).write_bytes(b'not a png')
    else:
        for n in os.listdir(img):
            (img / n).write_bytes(b'not an image')
    code, _, err = _tool_inproc('train.py', [
        DEMO_CONFIG, '--work-dir', tmp_path / 'w'] + _short(demo_copy),
        capsys)
    line = _one_error(code, err)
    want = {'value': '[77]', 'size': 'ann_dir/train/',
            'channels': 'ann_dir/train/', 'missing': name,
            'corrupt_image': 'img_dir/train/',
            'corrupt_label': 'ann_dir/train/'}[fault]
    assert want in line, line


# ------------------------------------------------------------ DDP (torchrun)


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def test_ddp_error_on_a_rank_is_in_torchrun_summary(demo_copy, tmp_path):
    ann = demo_copy / 'ann_dir' / 'train'
    for n in os.listdir(ann):
        lab = cv2.imread(str(ann / n), cv2.IMREAD_UNCHANGED)
        lab[:5, :5] = 77
        cv2.imwrite(str(ann / n), lab)
    res = run_tool([
        '-m', 'torch.distributed.run', '--nproc_per_node=2',
        f'--master_port={_free_port()}', 'tools/train.py', DEMO_CONFIG,
        '--launcher', 'pytorch', '--work-dir', str(tmp_path / 'w')] +
        _short(demo_copy, iters=2))
    assert res.returncode != 0
    summary = res.stderr[res.stderr.rfind('Root Cause'):]
    assert 'error: ' in summary and '[77]' in summary, res.stderr[-3000:]
