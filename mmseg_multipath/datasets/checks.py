"""Clear, early errors for bad data: missing roots, empty splits, bad files.

Every check raises :class:`DataError` with one message that names the file or
config key and says what is wrong, so a user sees the cause instead of a
traceback from deep inside numpy or a worker process.
"""
import os
import os.path as osp
from collections import Counter
from typing import List, Optional

import mmcv
import numpy as np
from mmengine.logging import print_log


class DataError(ValueError):
    """Bad input data (missing, unreadable, inconsistent or out of range)."""


def check_local_file(path: str, what: str) -> None:
    """Raise :class:`DataError` naming ``path`` when it is missing, a
    folder or empty (0 bytes): the cases in which the decoders fail with a
    message that names no file (cv2's ``!buf.empty()``)."""
    if not osp.exists(path):
        raise DataError(f'{what} "{path}" does not exist.')
    if osp.isdir(path):
        raise DataError(f'{what} "{path}" is a folder, not a file.')
    if osp.getsize(path) == 0:
        raise DataError(f'{what} "{path}" is empty (0 bytes).')


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
    """Refuse an empty split, empty (0-byte) images and samples whose label
    file is missing; say which files of the image folder were skipped."""
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
    empty = [d['img_path'] for d in data_list
             if osp.isfile(d['img_path']) and osp.getsize(d['img_path']) == 0]
    if empty:
        more = f' (and {len(empty) - 1} more)' if len(empty) > 1 else ''
        raise DataError(f'{name}: image "{empty[0]}" is empty (0 bytes)'
                        f'{more}: the copy or download was cut off.')
    warn_skipped(dataset, data_list)
    return data_list


def warn_skipped(dataset, data_list: Optional[List[dict]] = None) -> int:
    """Log one warning naming the files of ``dataset``'s image folder that
    its folder scan skipped (:func:`skipped_files`); returns their count.
    ``data_list`` defaults to the dataset's own samples."""
    if _scanned(dataset, 'img_path', dataset.img_suffix)[0] is None:
        return 0
    if data_list is None:
        data_list = [dataset.get_data_info(i) for i in range(len(dataset))]
    skipped = skipped_files(dataset, data_list)
    if skipped:
        print_log(f'{type(dataset).__name__}: {describe_skipped(skipped)}',
                  logger='current', level=30)
    return len(skipped)


def leaf_datasets(dataset) -> list:
    """The segmentation datasets inside mmengine's dataset wrappers
    (``ConcatDataset``'s ``datasets``, ``RepeatDataset``'s ``dataset``)."""
    inner = getattr(dataset, 'datasets', None)
    if inner is not None:
        return [leaf for d in inner for leaf in leaf_datasets(d)]
    if hasattr(dataset, 'dataset') and not hasattr(dataset, 'img_suffix'):
        return leaf_datasets(dataset.dataset)
    return [dataset] if hasattr(dataset, 'img_suffix') else []


def _files_under(folder: str) -> List[str]:
    """Every file below ``folder`` (links followed), normalised, sorted."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=True):
        dirs.sort()
        found += [osp.normpath(osp.join(root, f)) for f in sorted(files)]
    return found


def _scanned(dataset, key: str, suffix):
    """``(folder, suffix)`` of a split that mmseg lists by scanning a
    folder for a suffix; ``(None, None)`` for list-based splits."""
    folder = _prefix(dataset, key)
    if dataset.ann_file or not folder or not osp.isdir(folder) or \
            not isinstance(suffix, str):
        return None, None
    return folder, suffix


def skipped_files(dataset, data_list: List[dict]) -> List[tuple]:
    """``(path, reason)`` for every file of the image folder that mmseg's
    folder scan left out of ``data_list`` in silence: dangling symbolic
    links, names whose suffix matches ``img_suffix`` only without case
    (``.PNG`` for ``.png``: mmseg compares case-sensitively), and names
    that start with a dot (``...png``, ``.frame.png``: mmengine's folder
    listing skips hidden files). Other files (READMEs, lists) are not
    reported. Empty for list-based splits."""
    folder, suffix = _scanned(dataset, 'img_path', dataset.img_suffix)
    if folder is None:
        return []
    listed = {osp.normpath(d['img_path']) for d in data_list}
    found = []
    for path in _files_under(folder):
        if path in listed:
            continue
        name = osp.basename(path)
        if osp.islink(path) and not osp.exists(path):
            found.append((path, 'dangling symbolic link'))
        elif name.startswith('.') and name.lower().endswith(suffix.lower()):
            found.append((path, 'name starts with "." (a hidden file)'))
        elif name.lower().endswith(suffix.lower()) and \
                not name.endswith(suffix):
            found.append((path, f'suffix differs in case from "{suffix}"'))
    return found


def orphan_labels(dataset, data_list: List[dict]) -> List[str]:
    """Label files of the label folder that no image of ``data_list`` uses
    (folder-scanned splits; empty for list-based ones). Hidden labels
    (name starting with a dot) are not orphans: their images are hidden
    too, and :func:`skipped_files` names those."""
    folder, suffix = _scanned(dataset, 'seg_map_path', dataset.seg_map_suffix)
    if folder is None:
        return []
    used = {osp.normpath(d['seg_map_path']) for d in data_list
            if 'seg_map_path' in d}
    return [p for p in _files_under(folder)
            if p.endswith(suffix) and p not in used and
            not osp.basename(p).startswith('.')]


def describe_skipped(skipped: List[tuple], limit: int = 3) -> str:
    """One line for :func:`skipped_files`' result."""
    kinds = Counter(reason for _, reason in skipped)
    shown = ', '.join(f'"{p}"' for p, _ in skipped[:limit])
    return (f'skipped {len(skipped)} file(s) of the image folder: ' +
            ', '.join(f'{n} {k}' for k, n in kinds.items()) + f' ({shown}'
            f'{", ..." if len(skipped) > limit else ""}); fix or remove them '
            'to train on them')


def read_label_map(path: str) -> np.ndarray:
    """A label map as mmseg's ``LoadAnnotations`` reads it for training
    (the file's stored values through Pillow: palette PNGs such as VOC's
    give their indices, not their colours), before ``reduce_zero_label`` /
    ``label_map``; uint8 (H, W). ``check_dataset.py``, ``ClassWeightHook``
    and training read labels this one way. Raises :class:`DataError`."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
        seg = mmcv.imfrombytes(data, flag='unchanged', backend='pillow')
    except (OSError, ValueError) as e:
        raise DataError(f'label map "{path}" cannot be read '
                        f'({type(e).__name__}: {e})') from None
    if seg is None:
        raise DataError(f'label map "{path}" cannot be decoded')
    return seg.squeeze().astype(np.uint8)


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
