"""AtomicIoUMetric against mmseg's own IoUMetric: the same metrics and the
same prediction PNGs (pixel for pixel, reduce_zero_label's +1 included)."""
import os

import cv2
import numpy as np
import pytest
import torch
from mmengine.structures import PixelData
from mmseg.evaluation import IoUMetric
from mmseg.structures import SegDataSample

from mmseg_multipath.evaluation import AtomicIoUMetric


def _samples(reduce_zero_label):
    g = torch.Generator().manual_seed(0)
    out = []
    for i in range(3):
        s = SegDataSample(metainfo=dict(img_path=f'/data/frame_{i}.jpg',
                                        reduce_zero_label=reduce_zero_label))
        s.pred_sem_seg = PixelData(data=torch.randint(0, 5, (1, 12, 16),
                                                      generator=g))
        s.gt_sem_seg = PixelData(data=torch.randint(0, 5, (1, 12, 16),
                                                    generator=g))
        out.append(s.to_dict())
    return out


@pytest.mark.parametrize('reduce_zero_label', [False, True])
def test_same_metrics_and_pngs_as_mmseg(tmp_path, reduce_zero_label):
    meta = dict(classes=[f'c{i}' for i in range(5)])
    results = {}
    for name, cls in (('mmseg', IoUMetric), ('ours', AtomicIoUMetric)):
        out = tmp_path / name
        metric = cls(iou_metrics=['mIoU'], output_dir=str(out))
        metric.dataset_meta = meta
        metric.process({}, _samples(reduce_zero_label))
        results[name] = (metric.compute_metrics(metric.results), out)
    (ref, ref_dir), (got, got_dir) = results['mmseg'], results['ours']
    assert got == ref
    names = sorted(os.listdir(ref_dir))
    assert names == sorted(os.listdir(got_dir)) and len(names) == 3
    for n in names:
        a = cv2.imread(str(ref_dir / n), cv2.IMREAD_UNCHANGED)
        b = cv2.imread(str(got_dir / n), cv2.IMREAD_UNCHANGED)
        assert np.array_equal(a, b), n
