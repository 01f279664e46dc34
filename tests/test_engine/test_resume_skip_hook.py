"""ResumeSkipHook: a resume at iteration N trains on the batches an
uninterrupted run trains on, value for value (the sampler's indices and
the data pipeline's numpy and Python random draws), without loading the
N trained batches again; where the checkpoint holds no data state, the
loader replays them, and a line says so."""
import torch

from mmseg_multipath.engine.hooks import ResumeSkipHook
from mmseg_multipath.engine.hooks.resume_skip_hook import (data_rng_state,
                                                           set_data_rng_state)
from .toy_runner import DrawingItems, RecordingToy, toy_runner


def _batches(work_dir, max_iters, resume, name, hooks, **kw):
    RecordingToy.seen = []
    DrawingItems.loads = 0
    # mmengine keeps one logger per name: a name per run of a test
    runner = toy_runner(work_dir, max_iters, resume=resume,
                        name=f'{work_dir.parent.name}-{name}', hooks=hooks,
                        **kw)
    runner.train()
    return list(RecordingToy.seen), DrawingItems.loads, runner


def _log(runner):
    import glob
    import os.path as osp
    return open(glob.glob(osp.join(runner.log_dir, '*.log'))[0]).read()


def test_resumed_batches_equal_the_uninterrupted_ones(tmp_path):
    ref, _, _ = _batches(tmp_path / 'ref', 12, False, 'ref',
                         [ResumeSkipHook()])
    _batches(tmp_path / 'run', 8, False, 'part1', [ResumeSkipHook()])
    after, loads, runner = _batches(tmp_path / 'run', 12, True, 'part2',
                                    [ResumeSkipHook()])
    assert len(after) == 4
    for i, (got, want) in enumerate(zip(after, ref[8:])):
        assert torch.equal(got, want), (8 + i, got, want)
    assert loads == 4 * 2, f'{loads} items loaded: the replay loaded again'
    assert 'the 8 trained batches are skipped' in _log(runner)


def test_without_the_state_the_loader_replays(tmp_path):
    ref, _, _ = _batches(tmp_path / 'ref', 12, False, 'ref', [])
    _batches(tmp_path / 'run', 8, False, 'part1', [])  # no data state
    after, loads, runner = _batches(tmp_path / 'run', 12, True, 'part2',
                                    [ResumeSkipHook()])
    for got, want in zip(after, ref[8:]):
        assert torch.equal(got, want)
    assert loads == 12 * 2
    assert 'replays the 8 trained batches (the checkpoint records no ' \
        'data random state)' in _log(runner)


def test_an_epoch_based_resume_is_left_alone(tmp_path):
    # mmengine's epoch loop replays nothing: no state saved, nothing said
    _batches(tmp_path / 'run', 0, False, 'e1', [ResumeSkipHook()],
             epochs=1, ckpt_every=1)
    ckpt = torch.load(tmp_path / 'run' / 'epoch_1.pth', weights_only=False)
    assert 'data_rng' not in ckpt['meta']
    _, _, runner = _batches(tmp_path / 'run', 0, True, 'e2',
                            [ResumeSkipHook()], epochs=2, ckpt_every=1)
    assert 'resume:' not in _log(runner)


def test_the_state_round_trips_as_plain_values():
    import random

    import numpy as np
    np.random.seed(3)
    random.seed(4)
    state = data_rng_state(5)
    want = (np.random.rand(3), random.random())
    np.random.seed(0)
    random.seed(0)
    set_data_rng_state(state)
    assert (np.random.rand(3) == want[0]).all() and random.random() == \
        want[1]
    # weights_only loading needs plain types only
    flat = [state['batches'], *state['numpy'], *state['python']]
    assert all(isinstance(v, (int, float, str, list, type(None)))
               for v in flat)
