"""tools/train.py under faults a user causes: a second run into a busy
work dir, SIGTERM from a scheduler, a --resume onto another model."""
import os
import signal
import subprocess
import sys
import time

from ..conftest import DEMO_CONFIG, ROOT, run_tool


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
    assert 'resume with --resume' in last
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
