"""A run killed with SIGKILL and resumed ends like an uninterrupted one."""
import json
import os
import signal
import subprocess
import sys
import time

from ..conftest import DEMO_CONFIG, ROOT, data_opts

ITERS, CKPT_EVERY = 12, 4


def _cmd(data_root, work_dir, resume=False):
    return [
        sys.executable, 'tools/train.py', DEMO_CONFIG, '--work-dir',
        str(work_dir)
    ] + (['--resume'] if resume else []) + [
        '--cfg-options', f'train_cfg.max_iters={ITERS}',
        f'train_cfg.val_interval={ITERS}', f'param_scheduler.0.end={ITERS}',
        f'default_hooks.checkpoint.interval={CKPT_EVERY}',
        'default_hooks.checkpoint.max_keep_ckpts=-1',
        'default_hooks.logger.interval=1',
        'train_dataloader.num_workers=0'
    ] + data_opts(data_root)


def _env():
    return dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1')


def _final_metrics(work_dir):
    """The val metrics of the last scalars.json line with mIoU."""
    runs = sorted(d for d in os.listdir(work_dir)
                  if os.path.isdir(os.path.join(work_dir, d)))
    for run in reversed(runs):
        path = os.path.join(work_dir, run, 'vis_data', 'scalars.json')
        if os.path.isfile(path):
            lines = [json.loads(s) for s in open(path)]
            val = [s for s in lines if 'mIoU' in s]
            if val:
                return val[-1]
    raise AssertionError(f'no val metrics in {work_dir}')


def test_sigkill_then_resume_matches_uninterrupted(demo_root, tmp_path):
    ref = subprocess.run(_cmd(demo_root, tmp_path / 'ref'), cwd=ROOT,
                         env=_env(), capture_output=True, text=True,
                         timeout=600)
    assert ref.returncode == 0, ref.stderr[-3000:]

    work = tmp_path / 'killed'
    proc = subprocess.Popen(_cmd(demo_root, work), cwd=ROOT, env=_env(),
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 600
    # kill it hard after the 2nd checkpoint is on disk, mid-way to the end
    while not (work / f'iter_{2 * CKPT_EVERY}.pth').exists():
        assert proc.poll() is None, 'training ended before it could be killed'
        assert time.time() < deadline
        time.sleep(0.05)
    while not (work / 'last_checkpoint').read_text().strip().endswith(
            f'iter_{2 * CKPT_EVERY}.pth'):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (work / f'iter_{ITERS}.pth').exists()

    res = subprocess.run(_cmd(demo_root, work, resume=True), cwd=ROOT,
                         env=_env(), capture_output=True, text=True,
                         timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    log = res.stdout + res.stderr
    assert f'resumed epoch: 0, iter: {2 * CKPT_EVERY}' in log.lower() or \
        'Advance dataloader' in log
    # without loading the trained batches again (ResumeSkipHook)
    assert f'the {2 * CKPT_EVERY} trained batches are skipped' in log, \
        log[-3000:]
    ref_m, got_m = _final_metrics(tmp_path / 'ref'), _final_metrics(work)
    for key in ('aAcc', 'mIoU', 'mAcc'):
        assert got_m[key] == ref_m[key], (key, got_m, ref_m)
