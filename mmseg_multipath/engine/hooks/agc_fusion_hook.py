"""Run a model's AGC layers fused with the in-place activations that
follow them, once, before training: the one point where
:func:`~mmseg_multipath.models.layers.agc_fusion.fuse_agc` is applied to a
built model.

Fused mode changes only what AGC keeps for backward (its output instead of
its input, Deep Control's memory saving, see
:mod:`~mmseg_multipath.models.layers.agc`); forward values are the same in
both modes, so inference needs no fusion. Constructors only build: a model
from ``MODELS.build`` has every AGC in the default, input-keeping mode
until this hook (or an explicit ``fuse_agc(model)`` in a script) runs.

Every config of the toolbox has this hook through
``configs/_base_/runtime_hooks.py``; it does nothing for a model without
AGC layers.
"""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS

from ...models.layers.agc import AGC
from ...models.layers.agc_fusion import fuse_agc


@HOOKS.register_module()
class AGCFusionHook(Hook):
    """Apply :func:`fuse_agc` to the trained model before training (see
    module doc)."""
    priority = 'HIGH'  # before AGCInitHook's extra batch (VERY_LOW)

    def before_train(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(runner.model) \
            else runner.model
        agcs = [m for m in model.modules() if isinstance(m, AGC)]
        if not agcs:
            return
        fuse_agc(model)
        fused = sum(m.fused_slope is not None for m in agcs)
        runner.logger.info(
            f'AGCFusionHook: {fused} of {len(agcs)} AGC layers run fused '
            'with the in-place activation that follows them')
