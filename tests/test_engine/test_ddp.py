"""Two processes on CPU (gloo, launched by tools/dist_train.sh) train and
evaluate the demo config; the validation logged during DDP training equals
tools/test.py on the saved checkpoint (BN statistics are averaged over the
ranks before both)."""
import json
import os
import re
import socket
import subprocess
import sys

import cv2

from ..conftest import DEMO_CONFIG, ROOT, data_opts, run_tool
from ..faults import short_run


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _torchrun(demo_root, work_dir):
    """tools/dist_train.sh CONFIG 2 ... (torchrun, --launcher pytorch)."""
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1',
               PYTHON=sys.executable, PORT=str(_free_port()))
    return subprocess.run([
        'bash', 'tools/dist_train.sh', DEMO_CONFIG, '2',
        '--work-dir', str(work_dir), '--cfg-options', 'train_cfg.max_iters=4',
        'train_cfg.val_interval=4',
        'param_scheduler.0.end=4', 'default_hooks.checkpoint.interval=4',
        'default_hooks.logger.interval=1', 'train_dataloader.batch_size=2',
        'train_dataloader.num_workers=0'
    ] + data_opts(demo_root), cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=600)


def test_torchrun_two_processes_train_and_evaluate(demo_root, tmp_path):
    work_dir = tmp_path / 'ddp'
    res = _torchrun(demo_root, work_dir)
    if res.returncode and 'terminate called without an active' in res.stderr:
        # seen once with the 2 cores saturated by other jobs: a rank aborts
        # in gloo's teardown; one fresh attempt tells a flake from a bug
        work_dir = tmp_path / 'ddp-retry'
        res = _torchrun(demo_root, work_dir)
    log = res.stdout + res.stderr
    assert res.returncode == 0, log[-4000:]
    # mmengine calls the world size 'GPU number' even on CPU
    assert 'Distributed training: True' in log and 'GPU number: 2' in log
    # each rank evaluates half of the 16 val images (batch 4): 2 iterations,
    # then the metric gathers all of them
    assert 'Iter(val) [2/2]' in log and 'mIoU' in log
    assert (work_dir / 'iter_4.pth').is_file()
    # the logged validation is what the saved checkpoint gives
    logged = _val_metrics(work_dir)
    res = run_tool([
        'tools/test.py', DEMO_CONFIG, str(work_dir / 'iter_4.pth'),
        '--work-dir', str(tmp_path / 'test'), '--cfg-options',
        f'test_dataloader.dataset.data_root={demo_root}'
    ], env={'OMP_NUM_THREADS': '1'})
    assert res.returncode == 0, res.stderr[-3000:]
    tested = {k: float(v) for k, v in re.findall(
        r'(aAcc|mIoU|mAcc): ([0-9.]+)', res.stdout + res.stderr)}
    assert tested == logged, (tested, logged)


def _val_metrics(work_dir):
    for run in sorted(os.listdir(work_dir)):
        path = os.path.join(work_dir, run, 'vis_data', 'scalars.json')
        if os.path.isfile(path):
            rows = [json.loads(s) for s in open(path)]
            val = [r for r in rows if 'mIoU' in r]
            if val:
                return {k: round(float(val[-1][k]), 2)
                        for k in ('aAcc', 'mIoU', 'mAcc')}
    raise AssertionError('no validation metrics logged')


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
        short_run(demo_copy, iters=2))
    assert res.returncode != 0
    summary = res.stderr[res.stderr.rfind('Root Cause'):]
    assert 'error: ' in summary and '[77]' in summary, res.stderr[-3000:]
