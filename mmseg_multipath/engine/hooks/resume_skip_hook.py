"""Resume without loading every trained batch again.

On ``--resume`` at iteration N, mmengine's ``IterBasedTrainLoop.run``
calls ``next()`` on the training data loader N times before training on:
every trained batch is read, decoded and augmented again and thrown away.
That replay keeps the resume exact (the sampler's index stream and the
data pipeline's random draws reach where the stopped run was), but costs
minutes: 4.3 and 6.0 min for 8,400 and 9,100 CamVid batches at 360x480
(``num_workers=0``, 2026-12-07, the ShelfNet18-lw 14k run).

This hook makes the same state without the loading, where it can:

* every checkpoint written records the data pipeline's random state
  (numpy's legacy global generator and Python's ``random``, which mmcv's
  and mmseg's transforms draw from) and the number of batches drawn,
  ``meta['data_rng']`` (plain lists and ints: ``weights_only`` loading
  needs no allow-list entry);
* on resume, the N ``next()`` calls of the replay only draw the sampler's
  indices (torch's ``_SingleProcessDataLoaderIter._next_index``), and the
  recorded random state is put back before the first batch trained.

Resuming the ShelfNet18-lw 14k config at 13,300 this way took 2 s from
mmengine's "Advance dataloader" line to the end of the first iteration
(2026-12-07, the same machine, another training run beside it). The
batches after the resume are those of the replay, value for
value (``tests/test_engine/test_resume_skip_hook.py`` compares them, and
the SIGKILL test of ``test_resume.py`` the final metrics). The replay
stays where the state is not in the checkpoint or not in this process:
data-loader workers (each has its own generator, seeded per worker),
several ranks (one checkpoint, one state), a checkpoint written before
this hook, a sampler other than mmengine's ``InfiniteSampler`` (epochs
end) or a batch count that does not match; a line says which. It leans on
private parts of mmengine 0.10.7 (the loop's ``dataloader_iterator`` and
its ``_iterator``) and torch (``_next_index``), checked by
``tests/test_engine/test_mmengine_private_api.py``.
"""
import random
from typing import Optional

import numpy as np
from mmengine.dataset import InfiniteSampler
from mmengine.dist import get_world_size
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.runner import IterBasedTrainLoop
from mmseg.registry import HOOKS


def data_rng_state(batches: int) -> dict:
    """The data pipeline's random state after ``batches`` batches."""
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    version, internal, gauss_next = random.getstate()
    return dict(batches=int(batches),
                numpy=[kind, [int(k) for k in keys], int(pos),
                       int(has_gauss), float(cached)],
                python=[version, list(internal), gauss_next])


def set_data_rng_state(state: dict) -> None:
    """Put back what :func:`data_rng_state` recorded."""
    kind, keys, pos, has_gauss, cached = state['numpy']
    np.random.set_state(
        (kind, np.asarray(keys, dtype=np.uint32), pos, has_gauss, cached))
    version, internal, gauss_next = state['python']
    random.setstate((version, tuple(internal), gauss_next))


def _replay_needed(runner, state: Optional[dict]) -> Optional[str]:
    """Why the loader must be replayed, or None where it need not be."""
    loader = runner.train_loop.dataloader
    if state is None:
        return 'the checkpoint records no data random state'
    if state.get('batches') != runner.iter:
        return (f'the checkpoint\'s data state is of batch '
                f'{state.get("batches")}, not {runner.iter}')
    if getattr(loader, 'num_workers', 0) != 0:
        return (f'the loader has {loader.num_workers} workers (their '
                'random state is not in the checkpoint)')
    if get_world_size() > 1:
        return 'several ranks'
    if not isinstance(getattr(loader, 'sampler', None), InfiniteSampler):
        return 'its sampler is not InfiniteSampler'
    inner = getattr(runner.train_loop.dataloader_iterator, '_iterator',
                    None)
    if not hasattr(inner, '_next_index'):
        return 'the loader\'s iterator has no _next_index'
    return None


class _SkipThenLoad:
    """The loop's data iterator for the replay: ``skip`` calls that only
    draw indices, then the random state put back, then the real one."""

    def __init__(self, loop, skip: int, state: dict) -> None:
        self.loop, self.left, self.state = loop, skip, state
        self.real = loop.dataloader_iterator

    def __iter__(self):
        return self

    def __next__(self):
        if self.left > 0:
            self.left -= 1
            self.real._iterator._next_index()
            return None  # the loop's replay throws it away
        set_data_rng_state(self.state)
        self.loop.dataloader_iterator = self.real
        return next(self.real)


@HOOKS.register_module()
class ResumeSkipHook(Hook):
    """Record the data random state in checkpoints; resume without
    loading the trained batches (see module doc)."""
    priority = 'VERY_LOW'

    def __init__(self) -> None:
        self._state = None
        self._drawn = 0  # batches the training loader has given

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        # the batch of iteration runner.iter (0-based) has been drawn
        self._drawn = runner.iter + 1

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        if not isinstance(runner.train_loop, IterBasedTrainLoop):
            return  # an epoch-based resume starts a new epoch: no replay
        # a best checkpoint written at validation (after the loop counted
        # the iteration) records the same count; its resume at count + 1
        # then replays (the count does not match)
        checkpoint.setdefault('meta', {})['data_rng'] = data_rng_state(
            self._drawn)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self._state = (checkpoint.get('meta') or {}).get('data_rng')

    def before_train(self, runner) -> None:
        if runner.iter == 0 or not isinstance(runner.train_loop,
                                              IterBasedTrainLoop):
            return
        why = _replay_needed(runner, self._state)
        if why is not None:
            print_log(f'resume: the data loader replays the {runner.iter} '
                      f'trained batches ({why})', logger='current')
            return
        loop = runner.train_loop
        loop.dataloader_iterator = _SkipThenLoad(loop, runner.iter,
                                                 self._state)
        print_log(f'resume: the {runner.iter} trained batches are skipped '
                  'without loading them (the sampler\'s indices drawn, the '
                  'data pipeline\'s random state restored from the '
                  'checkpoint)', logger='current')
