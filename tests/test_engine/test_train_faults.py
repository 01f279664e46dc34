"""tools/train.py under faults a user causes: a second run into a busy
work dir, SIGTERM from a scheduler, a --resume onto another model, a
non-finite loss, a checkpoint cut short, a full disk. Each case asserts the
exit code, the one line and that no saved work is lost. SIGKILL +
``--resume`` with a seed lives in test_resume.py."""
import os
import signal
import subprocess
import sys
import time

import torch

from ..conftest import DEMO_CONFIG, ROOT, run_tool
from ..faults import ITERS, error_line, finite_ckpts, short_run


def _train_args(work, demo_root, iters=1000):
    return ['tools/train.py', DEMO_CONFIG, '--work-dir', str(work),
            '--cfg-options', f'train_cfg.max_iters={iters}',
            f'train_cfg.val_interval={iters}',
            'default_hooks.checkpoint.interval=2',
            'default_hooks.logger.interval=1',
            'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0'
            ] + [f'{k}.dataset.data_root={demo_root}' for k in
                 ('train_dataloader', 'val_dataloader', 'test_dataloader')]


def test_busy_work_dir_and_sigterm(demo_root, tmp_path):
    work = tmp_path / 'work'
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1')
    # output to files: a full pipe would block the run mid-write
    out, errf = open(tmp_path / 'out.txt', 'w'), open(tmp_path / 'err.txt',
                                                      'w')
    first = subprocess.Popen([sys.executable] + _train_args(work, demo_root),
                             cwd=ROOT, env=env, stdout=out, stderr=errf,
                             text=True)
    try:
        deadline = time.time() + 240
        while not list(work.glob('iter_*.pth')) and time.time() < deadline:
            assert first.poll() is None, (tmp_path / 'err.txt').read_text()
            time.sleep(0.5)
        second = run_tool(_train_args(work, demo_root, iters=2))
        assert second.returncode == 2, second.stderr[-2000:]
        line = second.stderr.strip().splitlines()[-2]
        assert 'is in use by a training run' in line
        assert f'pid {first.pid}' in line and str(work) in line
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
        out.close()
        errf.close()
    err = (tmp_path / 'err.txt').read_text()
    assert first.returncode == 143, err[-3000:]
    assert 'Traceback' not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith('interrupted by SIGTERM at iteration ')
    assert 'resume with --resume' in last and '(newest iter_' in last
    # what was saved stays readable, and the run resumes from it
    from mmseg_multipath.utils.checkpoints import find_resume_checkpoint
    path, ckpt = find_resume_checkpoint(str(work))
    assert ckpt['meta']['iter'] >= 2
    # --resume with a config of another class count: one line naming the
    # checkpoint and the mismatched classifier
    res = run_tool(_train_args(work, demo_root,
                               iters=ckpt['meta']['iter'] + 2) +
                   ['model.decode_head.num_classes=5', '--resume'])
    assert res.returncode == 2
    assert path in res.stderr and 'conv_seg' in res.stderr


def test_sigterm_before_the_first_checkpoint_says_so(demo_root, tmp_path):
    """Stopped before any checkpoint: the line must not promise one
    (there is nothing for --resume); it says when the first is written."""
    work = tmp_path / 'work'
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1')
    args = _train_args(work, demo_root) + [
        'default_hooks.checkpoint.interval=500']
    with open(tmp_path / 'out.txt', 'w') as out, \
            open(tmp_path / 'err.txt', 'w') as errf:
        run = subprocess.Popen([sys.executable] + args, cwd=ROOT, env=env,
                               stdout=out, stderr=errf)
        try:
            deadline = time.time() + 240
            while 'Iter(train)' not in (tmp_path / 'out.txt').read_text() \
                    and time.time() < deadline:
                assert run.poll() is None, (tmp_path / 'err.txt').read_text()
                time.sleep(0.2)
            run.send_signal(signal.SIGTERM)
            run.wait(timeout=120)
        finally:
            if run.poll() is None:
                run.kill()
    err = (tmp_path / 'err.txt').read_text()
    assert run.returncode == 143, err[-3000:]
    last = err.strip().splitlines()[-1]
    assert last.startswith('interrupted by SIGTERM at iteration '), last
    assert 'before the first checkpoint (the first is written at ' \
        'iteration 500)' in last and 'starts the run over' in last
    assert '--resume' not in last and not list(work.glob('*.pth'))


def test_sigterm_inside_code_that_catches_everything(demo_root, tmp_path):
    """SIGTERM while mmengine formats the config for a checkpoint: its bare
    ``except`` turns the KeyboardInterrupt into a SyntaxError carrying the
    whole config; the run still ends with the one line and exit 143, and
    the earlier checkpoint stays."""
    work, marker = tmp_path / 'work', tmp_path / 'formatting'
    code = (
        'import os, runpy, sys, time\n'
        'import mmengine.config.config as mc\n'
        'orig = mc.FormatCode\n'
        'def slow(*a, **k):\n'
        f'    if os.path.exists({str(work / "iter_2.pth")!r}):\n'
        f'        open({str(marker)!r}, "w").close()\n'
        '        time.sleep(60)\n'
        '    return orig(*a, **k)\n'
        'mc.FormatCode = slow\n'
        'sys.argv = sys.argv[1:]\n'
        'runpy.run_path(sys.argv[0], run_name="__main__")\n')
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1')
    with open(tmp_path / 'out.txt', 'w') as out, \
            open(tmp_path / 'err.txt', 'w') as errf:
        run = subprocess.Popen([sys.executable, '-c', code] +
                               _train_args(work, demo_root), cwd=ROOT,
                               env=env, stdout=out, stderr=errf)
        try:
            deadline = time.time() + 240
            while not marker.exists() and time.time() < deadline:
                assert run.poll() is None, (tmp_path / 'err.txt').read_text()
                time.sleep(0.2)
            run.send_signal(signal.SIGTERM)
            run.wait(timeout=120)
        finally:
            if run.poll() is None:
                run.kill()
    err = (tmp_path / 'err.txt').read_text()
    assert run.returncode == 143, err[-3000:]
    assert 'Traceback' not in err and 'Failed to format' not in err
    assert err.strip().splitlines()[-1].startswith(
        'interrupted by SIGTERM at iteration ')
    assert torch.load(work / 'iter_2.pth', map_location='cpu',
                      weights_only=False)['meta']['iter'] == 2


def test_nan_loss_stops_before_a_checkpoint_is_written(demo_root, tmp_path):
    work = tmp_path / 'w'
    res = run_tool(['tools/train.py', DEMO_CONFIG, '--work-dir', str(work)] +
                   short_run(demo_root, iters=8, ckpt_every=1, keep=1) +
                   ['optim_wrapper.optimizer.lr=1e12'])
    line = error_line(res)
    assert 'non-finite' in line and 'iteration' in line
    saved = finite_ckpts(work)
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
        short_run(demo_root) + ['randomness.seed=None']
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
                     + short_run(demo_root, iters=2) +
                     ['train_cfg.val_interval=1000'] +
                     ['val_cfg=None', 'val_dataloader=None',
                      'val_evaluator=None'])
    assert first.returncode == 0, first.stderr[-3000:]
    assert 'Iter(val)' not in first.stdout + first.stderr
    res = run_tool(['tools/train.py', DEMO_CONFIG, '--work-dir', str(work),
                    '--resume'] + short_run(demo_root, iters=2))
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
                    str(work)] + short_run(demo_root, iters=4, ckpt_every=2))
    line = error_line(res)
    assert 'No space left on device' in line and str(work) in line
    ckpt = torch.load(work / 'iter_2.pth', map_location='cpu',
                      weights_only=False)  # the earlier one is intact
    assert ckpt['meta']['iter'] == 2
    assert not list(work.glob('.*.part'))  # the half-written one is gone
    assert (work / 'last_checkpoint').read_text().endswith('iter_2.pth')


KILL_PLUGIN = '''
import os
import signal

from mmengine.hooks import Hook
from mmseg.registry import HOOKS


@HOOKS.register_module()
class SigtermDuringValidation(Hook):
    def after_val_iter(self, runner, batch_idx, data_batch=None,
                       outputs=None):
        if os.environ.get('SIGTERM_IN_VAL') and batch_idx == 1:
            os.kill(os.getpid(), signal.SIGTERM)
'''


def test_sigterm_during_validation_reruns_it_on_resume(demo_root, tmp_path):
    """SIGTERM in the validation after checkpoint 2: exit 143; --resume
    runs that validation before iteration 3 (PendingValidationHook) and
    ends with the weights of a run never stopped."""
    (tmp_path / 'kill_plugin.py').write_text(KILL_PLUGIN)
    cfg = tmp_path / 'cfg.py'
    cfg.write_text(
        f"_base_ = [{DEMO_CONFIG!r}]\n"
        "custom_imports = dict(imports=['mmseg_multipath', 'kill_plugin'])\n"
        "custom_hooks = _base_.custom_hooks + "
        "[dict(type='SigtermDuringValidation')]\n"
        "randomness = dict(seed=0)\n")
    env = dict(PYTHONPATH=f'{ROOT}:{tmp_path}')

    def train(work, *extra, **more_env):
        return run_tool(['tools/train.py', str(cfg), '--work-dir', str(work)]
                        + short_run(demo_root, iters=4) +
                        ['train_cfg.val_interval=2'] + list(extra),
                        env=dict(env, **more_env))
    work = tmp_path / 'w'
    res = train(work, SIGTERM_IN_VAL='1')
    assert res.returncode == 143, res.stderr[-3000:]
    assert (work / 'validation_pending.json').is_file()
    res = train(work, '--resume')
    assert res.returncode == 0, res.stderr[-3000:]
    log = res.stdout + res.stderr
    assert 'the validation of iteration 2 was cut short' in log, log[-3000:]
    assert log.index('Iter(val)') < log.index('Iter(train) [3/4]'), \
        log[-3000:]
    assert not (work / 'validation_pending.json').exists()
    ref = tmp_path / 'ref'
    assert train(ref).returncode == 0
    from mmseg_multipath.utils.checkpoints import (read_checkpoint,
                                                   state_dict_of)
    a = state_dict_of(read_checkpoint(str(work / 'iter_4.pth')))
    b = state_dict_of(read_checkpoint(str(ref / 'iter_4.pth')))
    for key in b:
        assert torch.equal(a[key], b[key]), key
