"""Build a segmentor for inference from a config and a checkpoint.

``load_inference_model(config, checkpoint, device, cfg_options)`` is
mmseg's ``mmseg.apis.init_model`` with what the tools add: one clear error
for a missing or unreadable config or checkpoint, and ``--cfg-options``
applied first. The result is an ordinary mmseg segmentor for
``mmseg.apis.inference_model``; the project's configs need nothing else
(their test pipelines start with ``LoadImageFromFile`` and their label
loader skips images without labels, so ``inference_model`` and
``MMSegInferencer`` take them as they are). Used by ``tools/predict.py``
and the submission tools.
"""
from typing import Optional, Tuple

from mmengine.config import Config


def load_inference_model(config: str, checkpoint: str, device: str = 'cpu',
                         cfg_options: Optional[dict] = None
                         ) -> Tuple[object, Config]:
    """Return ``(model, cfg)`` ready for ``mmseg.apis.inference_model``."""
    from mmseg.apis import init_model

    from ..utils.checkpoints import check_checkpoint_file
    from ..utils.config import check_config_path
    check_config_path(config, checkpoint)
    check_checkpoint_file(checkpoint)
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    return init_model(cfg, checkpoint, device=device), cfg
