from .inference import load_inference_model

__all__ = ['load_inference_model']
