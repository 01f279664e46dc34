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
from mmengine.model import revert_sync_batchnorm
from mmseg.apis import init_model

from ..utils.checkpoints import (check_state_dict_finite,
                                 check_state_dict_fits, read_checkpoint,
                                 state_dict_of)
from ..utils.config import load_config


def load_inference_model(config: Union[str, Config],
                         checkpoint: Optional[str] = None,
                         device: str = 'cpu',
                         cfg_options: Optional[dict] = None,
                         allow_partial: bool = False
                         ) -> Tuple[object, Config]:
    """Return ``(model, cfg)``; ``checkpoint=None`` keeps random weights
    (benchmarks).

    The checkpoint must fit the config's model exactly, as in
    ``tools/test.py``: a checkpoint of another model or class count (the
    classifier's shape in the checkpoint decides, not the config) raises
    ValueError naming the first mismatched key, unless ``allow_partial``
    (the tools' ``--allow-partial``), which keeps mmseg's partial load.
    A damaged archive (CRC mismatch) and non-finite weights (a diverged
    run's) are refused in both cases.
    """
    cfg = load_config(config, checkpoint, cfg_options)
    state = None
    if checkpoint:
        state = state_dict_of(read_checkpoint(checkpoint))
        check_state_dict_finite(state, checkpoint)
    model = init_model(cfg, checkpoint, device=device)
    if state is not None and not allow_partial:
        check_state_dict_fits(model, state, checkpoint, '--allow-partial')
    return model, cfg


def build_eval_segmentor(config: Union[str, Config],
                         checkpoint: Optional[str] = None,
                         cfg_options: Optional[dict] = None,
                         allow_partial: bool = False):
    """The segmentor of ``config`` for one process on the CPU, in eval
    mode: ``load_inference_model`` with SyncBN reverted to BN (mmengine's
    ``revert_sync_batchnorm``). The benchmarks, the ONNX export and the
    analysis tools build their models with it."""
    model, _ = load_inference_model(config, checkpoint, 'cpu', cfg_options,
                                    allow_partial)
    return revert_sync_batchnorm(model).eval()
