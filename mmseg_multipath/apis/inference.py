"""Build a segmentor for inference from a config and a checkpoint.

Shared by ``tools/predict.py`` and the submission tools: checks that both
files exist (one clear error otherwise), applies ``--cfg-options``, makes the
test pipeline label-free (:func:`~mmseg_multipath.utils.config.
inference_test_pipeline`) and loads the weights through mmseg's
``init_model`` (and so through the safe checkpoint loader).
"""
import os.path as osp
from typing import Optional, Tuple

from mmengine.config import Config

from ..utils.config import inference_test_pipeline


def load_inference_model(config: str, checkpoint: str, device: str = 'cpu',
                         cfg_options: Optional[dict] = None
                         ) -> Tuple[object, Config]:
    """Return ``(model, cfg)`` ready for ``mmseg.apis.inference_model``."""
    from mmseg.apis import init_model
    for what, path in (('config', config), ('checkpoint', checkpoint)):
        if not osp.isfile(path):
            raise FileNotFoundError(f'{what} "{path}" does not exist')
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    inference_test_pipeline(cfg)
    return init_model(cfg, checkpoint, device=device), cfg
