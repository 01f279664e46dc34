from .inference import build_eval_segmentor, load_config, load_inference_model

__all__ = ['build_eval_segmentor', 'load_config', 'load_inference_model']
