"""EarlyProgressHook: a line per iteration from the first one until the
logger's first line (mmengine's LoggerHook prints after ``interval``
iterations: minutes of silence at full size on a CPU), for a resumed run
too, whose times and ETA (ours and the logger's) leave out mmengine's
loader advance; every config gets it through the runtime's hooks."""
import re
from pathlib import Path
from types import SimpleNamespace

from mmengine.hooks import Hook, LoggerHook
from mmengine.logging import MMLogger

from mmseg_multipath.engine.hooks import EarlyProgressHook
from ..conftest import DEMO_CONFIG, load_config
from .toy_runner import toy_runner


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


def test_a_resumed_run_times_and_eta_leave_out_the_loader_advance(
        tmp_path):
    toy_runner(tmp_path, 60, name='early-progress-c', delay=0.02,
               ckpt_every=60, hooks=[EarlyProgressHook()]).train()
    _EtaAfterFirst.seen = []
    runner = toy_runner(tmp_path, 70, resume=True, name='early-progress-d',
                        delay=0.02, ckpt_every=60,
                        hooks=[EarlyProgressHook()])
    runner.register_hook(_EtaAfterFirst())
    runner.train()
    eta, first_time = _EtaAfterFirst.seen[0]
    # the replay of 60 batches took over 2.4 s; an iteration takes ~40 ms
    assert first_time < 0.6, (
        f'the first iteration after the resume took {first_time:.2f} s: '
        'the loader advance is counted')
    assert eta < 0.6 * 9, f'ETA {eta:.1f} s for 9 iterations of ~20 ms'
    log = next(Path(runner.log_dir).glob('*.log')).read_text()
    first = re.search(r'Iter\(train\) \[61/70\]\s+([0-9.]+) s/it', log)
    assert first is not None, log[-2000:]
    assert float(first.group(1)) < 0.6, first.group(0)
