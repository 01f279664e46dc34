"""Save every test (or val) prediction as colour PNGs.

mmseg's ``SegVisualizationHook`` draws only every 50th image by default and
hides the outputs in a time-stamped folder. This hook writes, for every
sample, ``{out_dir}/{stem}_overlay.png`` (prediction blended on the image,
with a legend of the classes in it below), and optionally
``{stem}_pred.png`` (palette colours), ``{stem}_label.png`` (raw class
indices, single channel) and ``{stem}_compare.png`` (prediction beside the
ground truth, titled, one legend).
"""
import os
import os.path as osp
from typing import Optional, Sequence

import cv2
import mmcv
import numpy as np
from mmengine.hooks import Hook
from mmseg.registry import HOOKS

from ...visualization import colorize, compare, overlay, with_legend


@HOOKS.register_module()
class SegOverlayHook(Hook):
    """Write colour overlays of predictions after each test/val iteration.

    Args:
        out_dir (str): output folder; relative paths are joined to the
            runner's ``work_dir``. Default: 'overlays'.
        interval (int): save every ``interval``-th sample; 1 = all. Default 1.
        alpha (float): weight of the colours in the overlay. Default 0.5.
        save_color (bool): also write the palette image. Default True.
        save_label (bool): also write the raw label PNG. Default False.
        on_val (bool): also save during validation (overwrites each time).
            Default False.
        with_gt (bool): also write the prediction beside the ground truth
            (``{stem}_compare.png``) where the sample has labels. Default
            False.
        legend (bool): put a legend of the classes under the overlay.
            Default True.
    """
    priority = 'LOW'

    def __init__(self, out_dir: str = 'overlays', interval: int = 1,
                 alpha: float = 0.5, save_color: bool = True,
                 save_label: bool = False, on_val: bool = False,
                 with_gt: bool = False, legend: bool = True) -> None:
        self.out_dir = out_dir
        self.interval = max(1, int(interval))
        self.alpha = alpha
        self.save_color = save_color
        self.save_label = save_label
        self.on_val = on_val
        self.with_gt, self.legend = with_gt, legend
        self._count = 0
        self.saved = 0

    def _dir(self, runner) -> str:
        d = self.out_dir if osp.isabs(self.out_dir) else osp.join(
            runner.work_dir, self.out_dir)
        os.makedirs(d, exist_ok=True)
        return d

    def _save(self, runner, outputs: Optional[Sequence], loader) -> None:
        pal = loader.dataset.metainfo['palette']
        classes = loader.dataset.metainfo['classes']
        for sample in outputs or []:
            self._count += 1
            if (self._count - 1) % self.interval:
                continue
            pred = sample.pred_sem_seg.data[0].cpu().numpy().astype(np.int64)
            img = mmcv.imread(sample.img_path, channel_order='rgb')
            if img.shape[:2] != pred.shape:
                img = mmcv.imresize(img, pred.shape[::-1])
            stem = osp.splitext(osp.basename(sample.img_path))[0]
            out = self._dir(runner)
            over = overlay(img, pred, pal, self.alpha)
            if self.legend:
                over = with_legend(over, pred, classes, pal)
            cv2.imwrite(osp.join(out, f'{stem}_overlay.png'), over[..., ::-1])
            gt = sample.get('gt_sem_seg')
            if self.with_gt and gt is not None:
                gt = gt.data[0].cpu().numpy().astype(np.int64)
                if gt.shape == pred.shape:
                    cv2.imwrite(osp.join(out, f'{stem}_compare.png'),
                                compare(img, pred, gt, classes, pal,
                                        self.alpha)[..., ::-1])
            if self.save_color:
                cv2.imwrite(osp.join(out, f'{stem}_pred.png'),
                            colorize(pred, pal)[..., ::-1])
            if self.save_label:
                cv2.imwrite(osp.join(out, f'{stem}_label.png'),
                            pred.astype(np.uint8))
            self.saved += 1

    def before_test(self, runner) -> None:
        self._count = 0

    def after_test_iter(self, runner, batch_idx: int, data_batch=None,
                        outputs=None) -> None:
        self._save(runner, outputs, runner.test_dataloader)

    def after_val_iter(self, runner, batch_idx: int, data_batch=None,
                       outputs=None) -> None:
        if self.on_val:
            self._save(runner, outputs, runner.val_dataloader)

    def after_test_epoch(self, runner, metrics=None) -> None:
        runner.logger.info(f'SegOverlayHook: {self.saved} overlay(s) in '
                           f'{self._dir(runner)}')
