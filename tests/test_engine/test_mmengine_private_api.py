"""AtomicCheckpointHook overrides private methods of mmengine's
CheckpointHook (there is no public seam for where a checkpoint is
written and when rotation deletes): the version is pinned (setup.py,
requirements.txt) and this test fails, naming the method, when mmengine
changes what the hook relies on."""
import inspect

import mmengine
from mmengine.hooks import CheckpointHook

RELIED_ON = {
    '_save_checkpoint_with_step': ['self', 'runner', 'step', 'meta'],
    '_save_best_checkpoint': ['self', 'runner', 'metrics'],
}


def test_the_pinned_mmengine_is_installed():
    assert mmengine.__version__ == '0.10.7', (
        'AtomicCheckpointHook was written against mmengine 0.10.7\'s '
        f'private CheckpointHook methods {sorted(RELIED_ON)}; '
        f'{mmengine.__version__} is installed: check them, then move the '
        'pin (setup.py, requirements.txt, this test)')


def test_private_methods_the_hook_overrides_are_there():
    for name, params in RELIED_ON.items():
        method = getattr(CheckpointHook, name, None)
        assert method is not None, f'CheckpointHook.{name} is gone'
        assert list(inspect.signature(method).parameters) == params, \
            f'CheckpointHook.{name} changed its signature'
    # the file backend the hook swaps and the template it subclasses
    source = inspect.getsource(CheckpointHook)
    for attr in ('self.file_backend', 'self.filename_tmpl',
                 'runner.save_checkpoint('):
        assert attr in source, f'CheckpointHook no longer uses {attr}'


def test_the_iter_timer_clock_early_progress_restarts_is_there():
    # EarlyProgressHook restarts IterTimerHook's ``t`` at the first
    # iteration after a resume (the loader advance is not an iteration)
    from mmengine.hooks import IterTimerHook
    source = inspect.getsource(IterTimerHook._after_iter)
    assert 'time.time() - self.t' in source, \
        'IterTimerHook no longer times an iteration from self.t'


def test_the_loader_replay_resume_skip_hook_shortens_is_there():
    # ResumeSkipHook replaces the loop's data iterator for the replay of a
    # resume and draws indices through torch's single-process iterator
    from mmengine.runner.loops import (IterBasedTrainLoop,
                                       _InfiniteDataloaderIterator)
    from torch.utils.data.dataloader import _SingleProcessDataLoaderIter
    run = inspect.getsource(IterBasedTrainLoop.run)
    assert 'next(self.dataloader_iterator)' in run, \
        'IterBasedTrainLoop.run no longer replays through dataloader_iterator'
    assert 'self._iterator = iter(self._dataloader)' in inspect.getsource(
        _InfiniteDataloaderIterator.__init__)
    assert callable(getattr(_SingleProcessDataLoaderIter, '_next_index',
                            None)), 'torch DataLoader lost _next_index'
