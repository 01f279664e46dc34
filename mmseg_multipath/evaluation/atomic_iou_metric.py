"""``AtomicIoUMetric``: mmseg's ``IoUMetric`` whose prediction PNGs
(``output_dir``: ``tools/test.py --out``, ``format_only`` submissions)
appear only when complete.

mmseg's ``IoUMetric.process`` saves each prediction with PIL straight to
its final name: on a full disk or past a file-size limit it leaves a
0-byte or truncated PNG, and the error names no file. Here the IoU
statistics are mmseg's (``process`` with the writing switched off); each
PNG is the same label image (the predicted class ids, +1 where the sample
has ``reduce_zero_label``, uint8, named after the input image), written
under a temporary name and renamed when complete
(``utils.files.write_image``); a write that fails ends in an ``OSError``
naming the file and the cause. ``compute_metrics`` logs how many PNGs were
written where.

``MultipathRunner`` puts it in place of ``IoUMetric`` (same arguments);
a config may name it itself. Shapes: ``pred_sem_seg`` (1, H, W) ->
a (H, W) uint8 PNG.
"""
import os.path as osp
from typing import Dict, Sequence

import numpy as np
from mmengine.logging import print_log
from mmseg.evaluation import IoUMetric
from mmseg.registry import METRICS

from ..utils.files import write_image


@METRICS.register_module()
class AtomicIoUMetric(IoUMetric):
    """``IoUMetric`` (same arguments) writing its prediction PNGs whole or
    not at all (see the module doc)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.written = 0

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        out_dir, self.output_dir = self.output_dir, None
        try:
            super().process(data_batch, data_samples)
        finally:
            self.output_dir = out_dir
        if out_dir is None:
            return
        for sample in data_samples:
            mask = sample['pred_sem_seg']['data'].squeeze().cpu().numpy()
            if sample.get('reduce_zero_label', False):
                mask = mask + 1
            stem = osp.splitext(osp.basename(sample['img_path']))[0]
            write_image(osp.abspath(osp.join(out_dir, f'{stem}.png')),
                        mask.astype(np.uint8))
            self.written += 1

    def compute_metrics(self, results: list) -> Dict[str, float]:
        if self.output_dir is not None:
            print_log(f'{self.written} prediction PNG(s) written to '
                      f'"{osp.abspath(self.output_dir)}"', logger='current')
            self.written = 0
        return super().compute_metrics(results)
