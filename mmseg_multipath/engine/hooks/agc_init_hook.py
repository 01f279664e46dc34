"""Data-dependent initialisation of a model's AGC gains before a
from-scratch run: :func:`~mmseg_multipath.models.layers.agc_init.
init_agc_gains` on one training batch. (Fusion with the following in-place
activations is :class:`AGCFusionHook`'s, not this hook's.)

The gain initialisation is skipped when the run resumes or loads weights
(``load_from``); the hook does nothing for a model without AGC layers.
The random states of numpy and ``random`` are saved and restored around
the extra batch, so the training run draws the same augmentations as
without it (exact resumption keeps working).
"""
import random

import numpy as np
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS

from ...models.layers.agc import AGC
from ...models.layers.agc_init import init_agc_gains


@HOOKS.register_module()
class AGCInitHook(Hook):
    """Data-dependent AGC gain initialisation (see module doc).

    Args:
        target_std (float): wanted output std of every AGC layer. Default 1.
    """
    priority = 'VERY_LOW'  # after weights are initialised / loaded

    def __init__(self, target_std: float = 1.0) -> None:
        self.target_std = target_std

    def before_train(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(runner.model) \
            else runner.model
        if runner.iter > 0 or runner.cfg.get('load_from') or not any(
                isinstance(m, AGC) for m in model.modules()):
            return
        # read one batch straight from the dataset: iterating the loader
        # would reset a persistent-workers loader the train loop is using
        loader = runner.train_dataloader
        np_state, py_state = np.random.get_state(), random.getstate()
        n = min(loader.batch_size or 1, len(loader.dataset))
        batch = loader.collate_fn([loader.dataset[i] for i in range(n)])
        np.random.set_state(np_state)
        random.setstate(py_state)
        was_training = model.training
        model.train()

        def forward():
            data = model.data_preprocessor(batch, True)
            model._forward(data['inputs'], data['data_samples'])

        factors = init_agc_gains(model, forward, self.target_std)
        model.train(was_training)
        values = list(factors.values())
        runner.logger.info(
            f'AGCInitHook: scaled gamma of {len(values)} AGC layers by '
            f'{min(values):.3g}..{max(values):.3g} (first {values[0]:.3g}, '
            f'last {values[-1]:.3g})')
