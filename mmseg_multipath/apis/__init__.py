from ..utils.config import load_config
from .deployed import deployed_config
from .inference import build_eval_segmentor, load_inference_model

__all__ = ['build_eval_segmentor', 'deployed_config', 'load_config',
           'load_inference_model']
