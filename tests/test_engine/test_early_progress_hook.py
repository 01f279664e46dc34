"""EarlyProgressHook: a line per iteration from the first one until the
logger's first line (mmengine's LoggerHook prints after ``interval``
iterations: minutes of silence at full size on a CPU), for a resumed run
too; every config gets it through the runtime's hooks."""
from types import SimpleNamespace

from mmengine.hooks import LoggerHook
from mmengine.logging import MMLogger

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
