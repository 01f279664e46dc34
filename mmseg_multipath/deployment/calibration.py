"""Calibration images for int8 quantization: real images of the config's
training split, through the config's *test* pipeline (the images the
deployed model will see: loaded in BGR, resized to the test scale), never
random tensors.

:func:`calibration_images` yields ``num`` float32 arrays (1, 3, H, W) of
0..255, spread evenly over the split (deterministic); an image whose size
differs from ``shape`` (a keep-ratio resize of an odd frame) is resized to
it, as statistics need one input size for a static graph.
"""
import copy
from typing import Iterator, Optional, Sequence

import cv2
import numpy as np
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

from ..datasets.edit_pipeline import edit_pipeline


def calibration_dataset(cfg, split: str = 'train'):
    """The ``split`` data set of ``cfg`` with the test pipeline (labels not
    loaded)."""
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    loader = cfg.get(f'{split}_dataloader')
    if not loader:
        raise ValueError(f'the config has no {split}_dataloader to take '
                         'calibration images from')
    ds = copy.deepcopy(loader['dataset'])
    pipeline = cfg.test_dataloader.dataset.pipeline
    ds['pipeline'] = edit_pipeline(pipeline, strict=False,
                                   LoadAnnotations=None,
                                   CheckedLoadAnnotations=None)
    return DATASETS.build(ds)


def calibration_images(cfg, num: int, shape: Optional[Sequence[int]] = None,
                       split: str = 'train') -> Iterator[np.ndarray]:
    """``num`` images of ``split`` as (1, 3, H, W) float32 0..255 arrays
    (see module doc)."""
    dataset = calibration_dataset(cfg, split)
    if len(dataset) == 0:
        raise ValueError(f'the {split} split has no images to calibrate on')
    idx = np.unique(np.linspace(0, len(dataset) - 1, max(1, num)).round()
                    .astype(int))
    for i in idx:
        img = dataset[int(i)]['inputs'].numpy()  # (3, H, W) uint8
        if shape is not None and tuple(img.shape[1:]) != tuple(shape):
            img = cv2.resize(img.transpose(1, 2, 0), (shape[1], shape[0]),
                             interpolation=cv2.INTER_LINEAR).transpose(2, 0, 1)
        yield img[None].astype(np.float32)


__all__ = ['calibration_dataset', 'calibration_images']
