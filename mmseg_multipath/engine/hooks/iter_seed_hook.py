"""Exact resumption of iteration-based training: per-iteration torch seeds.

mmengine resumes model, optimizer, schedulers and data position (it replays
the data loader up to the saved iteration, which also replays the data
pipeline's numpy draws), but not torch's random state, which dropout and
other model-side randomness consume; validation loaders draw from it too. So
a run killed and resumed would draw different dropout masks than an
uninterrupted one and end at different metrics.

This hook re-seeds torch (CPU and CUDA) before every training iteration from
``(seed, iteration)``, which makes the model-side random stream a function of
the iteration alone: an interrupted and resumed run then follows the
uninterrupted one exactly (tests/test_engine/test_resume.py checks this with
SIGKILL).
"""
import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmseg.registry import HOOKS


@HOOKS.register_module()
class IterSeedHook(Hook):
    """Seed torch from ``(runner.seed, iteration[, rank])`` each iteration.

    Args:
        per_rank (bool): mix the rank into the seed, so that data-parallel
            workers draw different dropout masks. Default: False (mmengine's
            default ``diff_rank_seed=False`` shares one stream).
    """
    priority = 'VERY_HIGH'

    def __init__(self, per_rank: bool = False) -> None:
        self.per_rank = per_rank

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        base = runner.seed if runner.seed is not None else 0
        rank = get_rank() if self.per_rank else 0
        seed = (base * 1_000_003 + runner.iter * 7919 + rank) % (2 ** 63)
        torch.manual_seed(seed)
