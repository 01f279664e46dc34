"""Evaluation metrics of the toolbox (registered in mmseg's METRICS)."""
from .atomic_iou_metric import AtomicIoUMetric
from .cityscapes_iou_metric import CityscapesIoUMetric

__all__ = ['AtomicIoUMetric', 'CityscapesIoUMetric']
