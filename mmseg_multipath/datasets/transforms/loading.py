"""Loading transforms that fail with a clear message on bad files.

Drop-in replacements for mmcv's ``LoadImageFromFile`` and mmseg's
``LoadAnnotations``: same arguments and outputs (``img``, ``img_shape``,
``ori_shape``; ``gt_seg_map``), plus checks that name the file: missing,
empty or undecodable images, label maps of the wrong size, with more than one
channel, with values beyond the classes, or 16-bit files holding values
above 255 (which mmseg's uint8 cast would turn into other classes).
"""
from typing import Optional

import numpy as np
from mmcv.transforms import LoadImageFromFile
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import TRANSFORMS
from PIL import Image

from ..checks import DataError, check_local_file, check_seg_map


def _check_wide_labels(path: str) -> None:
    """mmseg casts label maps to uint8, so a 16-bit PNG value of 259 would
    train as 3: refuse values above 255 in files stored wider than 8 bits
    (the header is read first; only such files are decoded here)."""
    try:
        with Image.open(path) as im:
            wide = im.mode in ('I', 'I;16', 'I;16B', 'I;16L', 'F')
            arr = np.asarray(im) if wide else None
    except Exception:  # undecodable: the regular loader says so
        return
    if arr is not None and arr.size and arr.max() > 255:
        bad = np.unique(arr[arr > 255])
        raise DataError(
            f'label map "{path}" is stored with more than 8 bits and holds '
            f'values above 255 ({bad[:5].tolist()}'
            f'{" ..." if bad.size > 5 else ""}): they would be read modulo '
            '256 as other classes. Convert the labels to 8-bit train ids.')


@TRANSFORMS.register_module()
class CheckedLoadImageFromFile(LoadImageFromFile):
    """mmcv's ``LoadImageFromFile`` with file checks (see module doc)."""

    def transform(self, results: dict) -> Optional[dict]:
        path = results['img_path']
        if '://' not in str(path):
            check_local_file(path, 'image')
        try:
            out = super().transform(results)
        except Exception as e:  # decoder errors differ between backends
            raise DataError(
                f'image "{path}" cannot be decoded ({type(e).__name__}: {e}); '
                'the file is corrupt or not an image.') from e
        if out is None or out.get('img') is None:
            raise DataError(f'image "{path}" cannot be decoded; the file is '
                            'corrupt or not an image.')
        return out


@TRANSFORMS.register_module()
class CheckedLoadAnnotations(LoadAnnotations):
    """mmseg's ``LoadAnnotations`` with label checks.

    Args:
        num_classes (int, optional): number of classes; label values outside
            ``0..num_classes-1`` other than ``ignore_index`` are an error.
            ``None`` checks only size and channel count.
        ignore_index (int): the void label. Default: 255.
        **kwargs: passed to :class:`mmseg.datasets.transforms.LoadAnnotations`.

    Expects ``img_shape`` from a preceding image loader; raises
    :class:`DataError` naming the label file on any mismatch.
    """

    def __init__(self, num_classes: Optional[int] = None,
                 ignore_index: int = 255, **kwargs) -> None:
        super().__init__(**kwargs)
        self.num_classes = num_classes
        self.ignore_index = ignore_index

    def _load_seg_map(self, results: dict) -> None:
        path = results.get('seg_map_path')
        if path is None:
            # inference (mmseg.apis.inference_model, MMSegInferencer): an
            # image without a label, as mmseg strips its own LoadAnnotations
            return
        if '://' not in str(path):
            check_local_file(path, 'label map')
            _check_wide_labels(path)
        try:
            super()._load_seg_map(results)
        except DataError:
            raise
        except Exception as e:
            raise DataError(
                f'label map "{path}" cannot be decoded ({type(e).__name__}: '
                f'{e}); the file is corrupt or not an image.') from e
        check_seg_map(results['gt_seg_map'], path,
                      results.get('ori_shape', results.get('img_shape')),
                      results.get('img_path', '?'), self.num_classes,
                      self.ignore_index)

    def __repr__(self) -> str:
        return (super().__repr__()[:-1] + f', num_classes={self.num_classes}, '
                f'ignore_index={self.ignore_index})')
