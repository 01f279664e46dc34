"""Cityscapes class- and category-level IoU in one metric.

The Cityscapes benchmark reports IoU over the 19 classes and over the 7
categories (flat, construction, object, nature, sky, human, vehicle) that
group them (Cordts et al., CVPR 2016, section 3.3; cityscapesscripts'
``evalPixelLevelSemanticLabeling``). mmseg's ``IoUMetric`` gives the
class level only, and its ``CityscapesMetric`` needs the instance files
and writes result images. :class:`CityscapesIoUMetric` is ``IoUMetric``
(same arguments, same class-level keys and table) plus the category level:
each pixel's train id is mapped to its category, and intersection and
union are summed per category over the whole set, as cityscapesscripts
does from its confusion matrix (true positives: prediction and label in
the category; ground truth 255 ignored). Reported as ``mIoU_category``
(mean over the categories present) and a per-category table.

Use: ``val_evaluator = dict(type='CityscapesIoUMetric',
iou_metrics=['mIoU'])`` (the Cityscapes dataset bases do).
"""
from collections import OrderedDict
from typing import Dict, Sequence

import numpy as np
import torch
from mmengine.logging import MMLogger, print_log
from mmseg.registry import METRICS
from prettytable import PrettyTable

from .atomic_iou_metric import AtomicIoUMetric

# The categories and each train id's category (cityscapesscripts'
# helpers/labels.py: the ``category`` of the label with that ``trainId``).
CATEGORIES = ('flat', 'construction', 'object', 'nature', 'sky', 'human',
              'vehicle')
TRAIN_ID_CATEGORY = (
    0, 0,           # road, sidewalk
    1, 1, 1,        # building, wall, fence
    2, 2, 2,        # pole, traffic light, traffic sign
    3, 3,           # vegetation, terrain
    4,              # sky
    5, 5,           # person, rider
    6, 6, 6, 6, 6, 6)  # car, truck, bus, train, motorcycle, bicycle


@METRICS.register_module()
class CityscapesIoUMetric(AtomicIoUMetric):
    """``IoUMetric`` plus Cityscapes category IoU (see module doc)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        lut = np.full(256, 255, np.int64)
        lut[:len(TRAIN_ID_CATEGORY)] = TRAIN_ID_CATEGORY
        self._category_lut = torch.from_numpy(lut)

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        start = len(self.results)
        super().process(data_batch, data_samples)
        if len(self.results) == start:  # format_only: no labels
            return
        for i, sample in enumerate(data_samples):
            lut = self._category_lut
            pred = sample['pred_sem_seg']['data'].squeeze().long()
            label = sample['gt_sem_seg']['data'].squeeze().long()
            pred_cat = lut.to(pred.device)[pred.clamp(0, 255)]
            label_cat = lut.to(label.device)[label.clamp(0, 255)]
            areas = self.intersect_and_union(pred_cat, label_cat,
                                             len(CATEGORIES), 255)
            self.results[start + i] = tuple(self.results[start + i]) + \
                tuple(areas)

    def compute_metrics(self, results: list) -> Dict[str, float]:
        metrics = super().compute_metrics([r[:4] for r in results])
        totals = [sum(r[4 + j] for r in results) for j in range(4)]
        iou = self.total_area_to_metrics(*totals, ['mIoU'],
                                         self.nan_to_num, self.beta)['IoU']
        iou = np.asarray(iou, np.float64)
        metrics['mIoU_category'] = float(np.round(np.nanmean(iou) * 100, 2))
        table = PrettyTable()
        summary = OrderedDict(Category=CATEGORIES,
                              IoU=np.round(iou * 100, 2).tolist())
        for key, val in summary.items():
            table.add_column(key, val)
        print_log('per category results:', MMLogger.get_current_instance())
        print_log('\n' + table.get_string(), MMLogger.get_current_instance())
        return metrics


__all__ = ['CityscapesIoUMetric', 'CATEGORIES', 'TRAIN_ID_CATEGORY']
