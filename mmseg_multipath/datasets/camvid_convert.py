"""Convert CamVid into mmseg's layout (the logic of
tools/dataset_converters/camvid.py).

Two source layouts are understood:

(a) SegNet layout (as distributed with the SegNet tutorial, and as written by
    :func:`~mmseg_multipath.datasets.demo_data.generate_demo_dataset`)::

        SRC/{train,val,test}/*.png, SRC/{train,val,test}annot/*.png,
        SRC/{train,val,test}.txt (optional; any path prefix is ignored)

    labels hold 0..10 and 11 for void.

(b) Original CamVid release (Brostow et al.)::

        SRC/701_StillsRaw_full/*.png, SRC/LabeledApproved_full/*_L.png

    32 classes coded as RGB colours at 960x720; they are grouped into the 11
    SegNet classes (:data:`CAMVID32_TO_11`), split like SegNet (the file
    lists are shipped in ``camvid_segnet_split.json``, or given with
    ``split_dir``) and resized to 480x360 like SegNet unless ``size=None``.

Output: ``OUT/img_dir/{split}/NAME.png`` and ``OUT/ann_dir/{split}/NAME.png``
(single-channel, void = 255), read by ``configs/_base_/datasets/camvid.py``.
"""
import json
import os
import os.path as osp
import shutil
from functools import partial
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from ..utils.progress import track
from .camvid_meta import CAMVID32_TO_11, IGNORE_INDEX, SEGNET_VOID
from .checks import DataError

SPLITS = ('train', 'val', 'test')
RAW_DIR, LABEL_DIR = '701_StillsRaw_full', 'LabeledApproved_full'


def detect_layout(src: str) -> str:
    """Return 'segnet' or 'original' for a CamVid source folder."""
    if not osp.isdir(src):
        raise DataError(f'CamVid source "{src}" does not exist.')
    if osp.isdir(osp.join(src, 'train')) and \
            osp.isdir(osp.join(src, 'trainannot')):
        return 'segnet'
    if osp.isdir(osp.join(src, RAW_DIR)) and \
            osp.isdir(osp.join(src, LABEL_DIR)):
        return 'original'
    raise DataError(
        f'"{src}" is neither the SegNet CamVid layout (train/, trainannot/, '
        f'...) nor the original release ({RAW_DIR}/, {LABEL_DIR}/).')


def _read_list(path: str) -> List[str]:
    names = []
    with open(path) as f:
        for line in f:
            if line.strip():
                names.append(osp.splitext(osp.basename(line.split()[0]))[0])
    return names


def _imread(path: str, flag: int) -> np.ndarray:
    if not osp.isfile(path):
        raise DataError(f'"{path}" does not exist.')
    img = cv2.imread(path, flag)
    if img is None:
        raise DataError(f'"{path}" cannot be decoded: corrupt or not an '
                        'image.')
    return img


def _segnet_label(src_lab: str) -> np.ndarray:
    lab = _imread(src_lab, cv2.IMREAD_UNCHANGED)
    if lab.ndim != 2:
        raise DataError(f'label "{src_lab}" has {lab.shape[2]} channels; the '
                        'SegNet layout uses single-channel class indices.')
    bad = np.unique(lab[lab > SEGNET_VOID])
    if bad.size:
        raise DataError(f'label "{src_lab}" has values {bad.tolist()[:10]} '
                        f'beyond the 11 classes and void ({SEGNET_VOID}).')
    out = lab.astype(np.uint8)
    out[lab == SEGNET_VOID] = IGNORE_INDEX
    return out


_LUT = None


def _colour_label(src_lab: str) -> np.ndarray:
    global _LUT
    if _LUT is None:
        _LUT = np.full(256 ** 3, -1, np.int16)
        for (r, g, b), idx in CAMVID32_TO_11.items():
            _LUT[(r << 16) | (g << 8) | b] = idx
    bgr = _imread(src_lab, cv2.IMREAD_COLOR).astype(np.int32)
    code = (bgr[..., 2] << 16) | (bgr[..., 1] << 8) | bgr[..., 0]
    idx = _LUT[code]
    if (idx < 0).any():
        bad = np.unique(code[idx < 0])[:5]
        raise DataError(
            f'label "{src_lab}" has colours outside the 32 CamVid classes: '
            + ', '.join(f'({c >> 16},{(c >> 8) & 255},{c & 255})'
                        for c in bad))
    out = idx.astype(np.uint8)
    out[idx == SEGNET_VOID] = IGNORE_INDEX
    return out


def _convert_one(task: Tuple[str, str, str, str], out: str, layout: str,
                 size: Optional[Tuple[int, int]]) -> None:
    split, name, src_img, src_lab = task
    dst_img = osp.join(out, 'img_dir', split, name + '.png')
    dst_lab = osp.join(out, 'ann_dir', split, name + '.png')
    if layout == 'segnet':
        lab = _segnet_label(src_lab)
        if src_img.endswith('.png') and size is None:
            _imread(src_img, cv2.IMREAD_COLOR)  # refuse corrupt images early
            shutil.copyfile(src_img, dst_img)
            cv2.imwrite(dst_lab, lab)
            return
        img = _imread(src_img, cv2.IMREAD_COLOR)
    else:
        lab = _colour_label(src_lab)
        img = _imread(src_img, cv2.IMREAD_COLOR)
    if img.shape[:2] != lab.shape[:2]:
        raise DataError(f'label "{src_lab}" is {lab.shape[0]}x{lab.shape[1]} '
                        f'but image "{src_img}" is {img.shape[0]}x'
                        f'{img.shape[1]}.')
    if size is not None and (img.shape[1], img.shape[0]) != tuple(size):
        img = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
        lab = cv2.resize(lab, size, interpolation=cv2.INTER_NEAREST)
    cv2.imwrite(dst_img, img)
    cv2.imwrite(dst_lab, lab)


def _tasks(src: str, layout: str,
           split_dir: Optional[str]) -> List[Tuple[str, str, str, str]]:
    tasks = []
    if layout == 'segnet':
        for split in SPLITS:
            img_dir = osp.join(src, split)
            if not osp.isdir(img_dir):
                continue
            lst = osp.join(split_dir or src, f'{split}.txt')
            names = _read_list(lst) if osp.isfile(lst) else sorted(
                osp.splitext(f)[0] for f in os.listdir(img_dir)
                if f.lower().endswith(('.png', '.jpg', '.jpeg', '.bmp')))
            for name in names:
                img = osp.join(img_dir, name + '.png')
                if not osp.exists(img):
                    alt = [f for f in os.listdir(img_dir)
                           if osp.splitext(f)[0] == name]
                    img = osp.join(img_dir, alt[0]) if alt else img
                tasks.append((split, name, img,
                              osp.join(src, split + 'annot', name + '.png')))
    else:
        if split_dir:
            split_names = {s: _read_list(osp.join(split_dir, f'{s}.txt'))
                           for s in SPLITS
                           if osp.isfile(osp.join(split_dir, f'{s}.txt'))}
        else:
            with open(osp.join(osp.dirname(__file__),
                               'camvid_segnet_split.json')) as f:
                split_names = json.load(f)
        available = {osp.splitext(f)[0] for f in
                     os.listdir(osp.join(src, RAW_DIR))}
        for split, names in split_names.items():
            for name in names:
                if name in available:
                    tasks.append((split, name,
                                  osp.join(src, RAW_DIR, name + '.png'),
                                  osp.join(src, LABEL_DIR, name + '_L.png')))
    return tasks


OUTPUT_PARTS = ('img_dir', 'ann_dir')


def prepare_output(out: str, keep: Optional[Sequence[str]] = ()) -> None:
    """Make ``out`` ready for a conversion: missing or empty is fine; an
    earlier conversion (only ``img_dir/`` and ``ann_dir/``) is removed
    whole, so that no frame of an earlier split stays behind (a frame that
    moved to test would stay in train: a train/test leak); anything else is
    refused (DataError naming what is there), except the entries ``keep``
    names; ``keep=None``: the caller owns the folder (the demo data, which
    checks its own stamp) and only the earlier conversion is removed."""
    if not osp.isdir(out):
        if osp.exists(out):
            raise DataError(f'output "{out}" is a file, not a folder')
        return
    entries = sorted(os.listdir(out))
    others = [e for e in entries if e not in OUTPUT_PARTS and
              e not in (keep or ())]
    if others and keep is not None:
        raise DataError(
            f'output folder "{out}" is not empty and not an earlier '
            f'conversion (it holds {others[:3]}): choose an empty or new '
            'folder')
    for part in entries:
        if part in OUTPUT_PARTS:
            shutil.rmtree(osp.join(out, part))


def count_written(out: str) -> Dict[str, int]:
    """``{split: images}`` as they are on disk under ``out/img_dir``."""
    root = osp.join(out, 'img_dir')
    return {split: len([f for f in os.listdir(osp.join(root, split))
                        if not f.startswith('.')])
            for split in sorted(os.listdir(root))
            if osp.isdir(osp.join(root, split))}


def convert_camvid(src: str, out: str, size: Optional[Tuple[int, int]] = (
        480, 360), split_dir: Optional[str] = None, nproc: int = 1,
        progress: bool = True, keep: Optional[Sequence[str]] = ()
        ) -> Dict[str, int]:
    """Convert a CamVid folder (either layout) into mmseg's layout.

    Args:
        src: source folder (layout detected, see module doc).
        out: output root (``img_dir/``, ``ann_dir/`` created inside).
        size: ``(width, height)`` for the original 960x720 release (SegNet
            used 480x360); ``None`` keeps the size. The SegNet layout is
            copied at its own size unless ``size`` differs from it.
        split_dir: folder with ``train.txt``/``val.txt``/``test.txt`` lists
            to use instead of the built-in ones.
        nproc: worker processes.
        progress: show a progress bar with ETA.
        keep: entries of ``out`` besides an earlier conversion that may
            stay (:func:`prepare_output`).

    Returns:
        ``{split: number of images}`` counted on disk after the
        conversion. An earlier conversion in ``out`` is replaced whole;
        another non-empty ``out`` is refused (:func:`prepare_output`).
    """
    layout = detect_layout(src)
    tasks = _tasks(src, layout, split_dir)
    if not tasks:
        raise DataError(f'no CamVid images found under "{src}".')
    prepare_output(out, keep)
    for split in {t[0] for t in tasks}:
        os.makedirs(osp.join(out, 'img_dir', split), exist_ok=True)
        os.makedirs(osp.join(out, 'ann_dir', split), exist_ok=True)
    func = partial(_convert_one, out=out, layout=layout,
                   size=size if layout == 'original' else None)
    track(func, tasks, nproc, show=progress)
    return count_written(out)
