"""Build a segmentor for inference from a config and a checkpoint.

``load_inference_model(config, checkpoint, device, cfg_options)`` is
mmseg's ``mmseg.apis.init_model`` with what the tools add: configs named
by file or as ``mmseg::path`` (mmengine's ``get_config``), one clear error
for a missing or unreadable config or checkpoint, and ``--cfg-options``
applied first. The result is an ordinary mmseg segmentor in eval mode for
``mmseg.apis.inference_model``; the project's configs need nothing else
(their test pipelines start with ``LoadImageFromFile`` and their label
loader skips images without labels, so ``inference_model`` and
``MMSegInferencer`` take them as they are). Used by ``tools/predict.py``,
the submission tools, the ONNX export and the benchmarks.
"""
from typing import Optional, Tuple, Union

from mmengine.config import Config


def load_config(config: Union[str, Config],
                checkpoint: Optional[str] = None) -> Config:
    """A Config from a file, an ``mmseg::`` name or a Config (copied);
    ``checkpoint`` only sharpens the message when the two look swapped."""
    if isinstance(config, Config):
        return config.copy()
    if '::' in config:
        from mmengine.hub import get_config
        try:
            return get_config(config)
        except FileNotFoundError as e:
            raise FileNotFoundError(f'config "{config}": {e}') from None
    from ..utils.config import check_config_path
    check_config_path(config, checkpoint)
    return Config.fromfile(config)


def load_inference_model(config: Union[str, Config],
                         checkpoint: Optional[str] = None,
                         device: str = 'cpu',
                         cfg_options: Optional[dict] = None
                         ) -> Tuple[object, Config]:
    """Return ``(model, cfg)``; ``checkpoint=None`` keeps random weights
    (benchmarks)."""
    from mmseg.apis import init_model

    from ..utils.checkpoints import check_checkpoint_file
    cfg = load_config(config, checkpoint)
    if checkpoint:
        check_checkpoint_file(checkpoint)
    model = init_model(cfg, checkpoint, device=device,
                       cfg_options=cfg_options)
    return model, cfg


def build_eval_segmentor(config: Union[str, Config],
                         checkpoint: Optional[str] = None,
                         cfg_options: Optional[dict] = None):
    """The segmentor of ``config`` for one process on the CPU, in eval
    mode: ``load_inference_model`` with SyncBN reverted to BN (mmengine's
    ``revert_sync_batchnorm``). The benchmarks, the ONNX export and the
    analysis tools build their models with it."""
    from mmengine.model import revert_sync_batchnorm
    model, _ = load_inference_model(config, checkpoint, 'cpu', cfg_options)
    return revert_sync_batchnorm(model).eval()
