"""Evaluation metrics of the toolbox (registered in mmseg's METRICS)."""
from .cityscapes_iou_metric import CityscapesIoUMetric

__all__ = ['CityscapesIoUMetric']
