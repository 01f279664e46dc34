"""EarlyProgressHook: a line per iteration from the first one until the
logger's first line (mmengine's LoggerHook prints after ``interval``
iterations: minutes of silence at full size on a CPU), for a resumed run
too, whose times and ETA (ours and the logger's) leave out mmengine's
loader advance; every config gets it through the runtime's hooks."""
import re
import time
from pathlib import Path
from types import SimpleNamespace

import torch
from mmengine.hooks import Hook, LoggerHook
from mmengine.logging import MMLogger
from mmengine.model import BaseModel
from mmengine.runner import Runner

from mmseg_multipath.engine.hooks import EarlyProgressHook
from ..conftest import DEMO_CONFIG, load_config


def _lines(start, interval, tmp_path, name):
    log = tmp_path / f'{name}.txt'
    MMLogger.get_instance(name, log_file=str(log))
    runner = SimpleNamespace(hooks=[LoggerHook(interval=interval)],
                             iter=start, max_iters=100)
    hook = EarlyProgressHook()
    hook.before_train(runner)
    for it in range(start, start + 2 * interval):
        runner.iter = it
        hook.before_train_iter(runner, it)
        hook.after_train_iter(runner, it)
    return [ln for ln in log.read_text().splitlines() if 's/it so far' in ln]


def test_a_line_per_iteration_until_the_logger_speaks(tmp_path):
    lines = _lines(0, 20, tmp_path, 'early-progress-a')
    assert [ln.split('Iter(train) [')[1].split('/')[0] for ln in lines] == \
        [str(i) for i in range(1, 20)]
    assert 'eta: ' in lines[0] and 'takes over at iteration 20' in lines[0]


def test_after_a_resume_until_the_next_logger_line(tmp_path):
    lines = _lines(605, 20, tmp_path, 'early-progress-b')
    assert [ln.split('Iter(train) [')[1].split('/')[0] for ln in lines] == \
        [str(i) for i in range(606, 620)]


def test_every_config_runs_it():
    hooks = [h['type'] for h in load_config(DEMO_CONFIG).custom_hooks]
    assert 'EarlyProgressHook' in hooks


class _SlowItems(torch.utils.data.Dataset):
    """Each item takes 20 ms to load, as a decoded, augmented CamVid frame
    takes its time: the loader advance of a resume at iteration 60 takes
    over a second."""

    def __len__(self):
        return 1000

    def __getitem__(self, i):
        time.sleep(0.02)
        return dict(inputs=torch.full((2, ), float(i % 7)))


class _Toy(BaseModel):

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(2))

    def forward(self, inputs, data_samples=None, mode='loss'):
        return dict(loss=((inputs - self.w)**2).mean())


class _EtaAfterFirst(Hook):
    """Records the logger's ETA and the iteration time mmengine's
    IterTimerHook measured for the first iteration of the run."""
    priority = 'LOWEST'
    seen = []

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if not self.seen:
            self.seen.append(
                (runner.message_hub.get_info('eta'),
                 runner.message_hub.get_scalar('train/time').current()))


def _runner(work_dir, max_iters, resume, name):
    return Runner(
        model=_Toy(), work_dir=str(work_dir), experiment_name=name,
        train_dataloader=dict(
            dataset=_SlowItems(), batch_size=1, num_workers=0,
            sampler=dict(type='InfiniteSampler', shuffle=False),
            collate_fn=dict(type='default_collate')),
        train_cfg=dict(by_epoch=False, max_iters=max_iters),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        default_hooks=dict(logger=dict(type='LoggerHook', interval=5),
                           checkpoint=dict(type='CheckpointHook',
                                           interval=60, by_epoch=False)),
        custom_hooks=[EarlyProgressHook()], resume=resume,
        default_scope='mmseg')


def test_a_resumed_run_times_and_eta_leave_out_the_loader_advance(
        tmp_path):
    _runner(tmp_path, 60, False, 'early-progress-c').train()
    _EtaAfterFirst.seen = []
    runner = _runner(tmp_path, 70, True, 'early-progress-d')
    runner.register_hook(_EtaAfterFirst())
    runner.train()
    eta, first_time = _EtaAfterFirst.seen[0]
    # the advance over 60 items took over 1.2 s; an iteration takes ~20 ms
    assert first_time < 0.6, (
        f'the first iteration after the resume took {first_time:.2f} s: '
        'the loader advance is counted')
    assert eta < 0.6 * 9, f'ETA {eta:.1f} s for 9 iterations of ~20 ms'
    log = next(Path(runner.log_dir).glob('*.log')).read_text()
    first = re.search(r'Iter\(train\) \[61/70\]\s+([0-9.]+) s/it', log)
    assert first is not None, log[-2000:]
    assert float(first.group(1)) < 0.6, first.group(0)
