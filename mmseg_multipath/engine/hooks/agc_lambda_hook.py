"""Log the lambda of every AGC layer during training (Deep Control's
proposed follow-up: "graphing lambda for particular layers throughout the
entire training run", Ruff 2017, section 1.5).

Every ``interval`` iterations the hook writes, per AGC layer, the mean, min
and max of its per-channel lambda as scalars
``agc_lambda/{depth:03d}_{layer}/{stat}`` through the runner's visualizer
(``vis_data/scalars.json`` with the LocalVisBackend, TensorBoard with a
``TensorboardVisBackend``), plus one summary line in the text log (the
per-layer values would swamp the usual log line).
``tools/analysis_tools/plot_agc_lambda.py`` plots them against layer depth
and against iteration.
"""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS

from ...models.layers.agc import AGC


@HOOKS.register_module()
class AGCLambdaHook(Hook):
    """Record per-layer AGC lambda statistics.

    Args:
        interval (int): iterations between records. Default 50.
    """
    priority = 'NORMAL'

    def __init__(self, interval: int = 50) -> None:
        self.interval = interval

    @staticmethod
    def layers(model):
        model = model.module if is_model_wrapper(model) else model
        return [(name, m) for name, m in model.named_modules()
                if isinstance(m, AGC)]

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        if not self.every_n_train_iters(runner, self.interval) and \
                not self.is_last_train_iter(runner):
            return
        layers = self.layers(runner.model)
        if not layers:
            return
        scalars, means = {}, []
        for depth, (name, m) in enumerate(layers):
            lam = m.lam.detach().float()
            stats = dict(mean=lam.mean().item(), min=lam.min().item(),
                         max=lam.max().item())
            means.append(stats['mean'])
            for key, value in stats.items():
                scalars[f'agc_lambda/{depth:03d}_{name}/{key}'] = value
        runner.visualizer.add_scalars(scalars, step=runner.iter + 1)
        runner.logger.info(
            f'AGC lambda over {len(layers)} layers: mean '
            f'{sum(means) / len(means):.3f}, first {means[0]:.3f}, last '
            f'{means[-1]:.3f}')
