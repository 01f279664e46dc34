"""Clear, early errors for bad data: missing roots, empty splits, bad files.

Every check raises :class:`DataError` with one message that names the file or
config key and says what is wrong, so a user sees the cause instead of a
traceback from deep inside numpy or a worker process.
"""
import os.path as osp
from typing import List, Optional

import numpy as np


class DataError(ValueError):
    """Bad input data (missing, unreadable, inconsistent or out of range)."""


def _prefix(dataset, key: str) -> Optional[str]:
    return (dataset.data_prefix or {}).get(key)


def check_split_dirs(dataset) -> None:
    """Check that a mmseg dataset's data root and split folders exist.

    Args:
        dataset: a :class:`mmseg.datasets.BaseSegDataset` after ``__init__``
            has joined ``data_root`` into ``data_prefix``.
    """
    name = type(dataset).__name__
    root = dataset.data_root
    if root and not osp.isdir(root):
        raise DataError(
            f'{name}: data_root "{root}" does not exist. Prepare the data set '
            '(see docs/dataset_prepare.md) or set data_root in the config / '
            'with --cfg-options.')
    for key in ('img_path', 'seg_map_path'):
        path = _prefix(dataset, key)
        if path and not osp.isdir(path):
            raise DataError(
                f'{name}: data_prefix.{key} "{path}" does not exist '
                f'(data_root="{root}").')
    ann_file = dataset.ann_file
    if ann_file and not osp.isdir(ann_file) and not osp.isfile(ann_file):
        raise DataError(f'{name}: ann_file "{ann_file}" does not exist.')


def check_data_list(dataset, data_list: List[dict]) -> List[dict]:
    """Refuse an empty split and samples whose label file is missing."""
    name = type(dataset).__name__
    if not data_list:
        raise DataError(
            f'{name}: no images ending in "{dataset.img_suffix}" found in '
            f'"{_prefix(dataset, "img_path")}": the split is empty.')
    missing = [d['seg_map_path'] for d in data_list
               if 'seg_map_path' in d and not osp.isfile(d['seg_map_path'])]
    if missing:
        more = f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''
        raise DataError(f'{name}: label map "{missing[0]}" does not exist'
                        f'{more}; every image needs a label of the same name '
                        f'ending in "{dataset.seg_map_suffix}".')
    return data_list


def check_seg_map(seg_map: np.ndarray, seg_path: str, img_shape,
                  img_path: str, num_classes: Optional[int],
                  ignore_index: int = 255) -> None:
    """Check a loaded label map against its image and the class count.

    Args:
        seg_map: (H, W) integer label map after label mapping.
        seg_path, img_path: file names, for the message.
        img_shape: (H, W) of the decoded image.
        num_classes: valid labels are ``0..num_classes-1``; ``None`` skips the
            range check.
        ignore_index: the label that marks void pixels.
    """
    if seg_map.ndim != 2:
        raise DataError(
            f'label map "{seg_path}" has shape {seg_map.shape}; a single-'
            'channel (H, W) PNG is expected (colour labels must be converted '
            'first, e.g. with tools/dataset_converters/).')
    if tuple(seg_map.shape[:2]) != tuple(img_shape[:2]):
        raise DataError(
            f'label map "{seg_path}" is {seg_map.shape[0]}x{seg_map.shape[1]} '
            f'but its image "{img_path}" is {img_shape[0]}x{img_shape[1]} '
            '(height x width); they must match.')
    if num_classes is not None:
        values = np.unique(seg_map)
        bad = values[(values >= num_classes) & (values != ignore_index)]
        if bad.size:
            raise DataError(
                f'label map "{seg_path}" has values {bad.tolist()[:10]} that '
                f'are neither a class (0..{num_classes - 1}) nor the ignore '
                f'index {ignore_index}.')


def remap_labels(seg: np.ndarray, info: dict,
                 ignore_index: int = 255) -> np.ndarray:
    """Apply a sample's ``reduce_zero_label`` and ``label_map`` to a raw
    label map, as mmseg's ``LoadAnnotations`` does; returns int64.

    Args:
        seg: (H, W) label map as read from disk.
        info: the dataset's data_info for the sample.
    """
    seg = seg.astype(np.int64)
    if info.get('reduce_zero_label'):
        seg = seg - 1
        seg[seg == -1] = ignore_index
        seg[seg == ignore_index - 1] = ignore_index
    if info.get('label_map'):
        copy = seg.copy()
        for old, new in info['label_map'].items():
            seg[copy == old] = new
    return seg
