"""Two processes on CPU (gloo) train and evaluate the demo config."""
import socket

from ..conftest import DEMO_CONFIG, run_tool


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _torchrun(demo_root, work_dir):
    return run_tool([
        '-m', 'torch.distributed.run', '--nproc_per_node=2',
        f'--master_port={_free_port()}', 'tools/train.py', DEMO_CONFIG,
        '--launcher', 'pytorch', '--work-dir', str(work_dir),
        '--cfg-options', 'train_cfg.max_iters=4', 'train_cfg.val_interval=4',
        'param_scheduler.0.end=4', 'default_hooks.checkpoint.interval=4',
        'default_hooks.logger.interval=1', 'train_dataloader.batch_size=2',
        'train_dataloader.num_workers=0',
        f'train_dataloader.dataset.data_root={demo_root}',
        f'val_dataloader.dataset.data_root={demo_root}',
        f'test_dataloader.dataset.data_root={demo_root}'
    ], env={'OMP_NUM_THREADS': '1'})


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
