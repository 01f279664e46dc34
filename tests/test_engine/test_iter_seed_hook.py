"""IterSeedHook: torch's draws are a function of (seed, iteration) alone:
equal for one iteration, whatever ran before; different across iterations,
seeds and (with per_rank) ranks."""
from types import SimpleNamespace

import torch

from mmseg_multipath.engine.hooks import IterSeedHook


def _draw(hook, seed, it):
    hook.before_train_iter(SimpleNamespace(seed=seed, iter=it), 0)
    return torch.rand(4)


def test_draws_depend_on_the_iteration_and_nothing_before_it():
    hook = IterSeedHook()
    first = [_draw(hook, 3, it) for it in range(5)]
    torch.rand(100)  # whatever ran in between
    again = [_draw(hook, 3, it) for it in (4, 2, 0)]
    for it, draw in zip((4, 2, 0), again):
        assert torch.equal(draw, first[it])
    # five iterations, five different streams
    assert len({tuple(d.tolist()) for d in first}) == 5
    # another seed, other draws at the same iteration
    assert not torch.equal(_draw(hook, 4, 2), first[2])
    # no runner seed (mmengine's randomness.seed=None) still seeds by iter
    assert torch.equal(_draw(hook, None, 1), _draw(hook, None, 1))
    assert not torch.equal(_draw(hook, None, 1), _draw(hook, None, 2))


def test_per_rank_streams(monkeypatch):
    import mmseg_multipath.engine.hooks.iter_seed_hook as mod
    shared, own = IterSeedHook(), IterSeedHook(per_rank=True)
    draws = {}
    for rank in (0, 1):
        monkeypatch.setattr(mod, 'get_rank', lambda r=rank: r)
        draws[rank] = (_draw(shared, 0, 7), _draw(own, 0, 7))
    assert torch.equal(draws[0][0], draws[1][0])
    assert not torch.equal(draws[0][1], draws[1][1])
