"""Class legends and side-by-side comparisons for rendered predictions.

Shapes: images (H, W, 3) uint8 RGB; label maps (H, W) integers. A legend
is a strip (h, W, 3) of colour swatches and class names for the classes
present, wrapped to the image width; ``with_legend`` stacks it under an
image, ``compare`` puts the prediction overlay beside the ground-truth
overlay, titled, with one legend for both.
"""
from typing import Iterable, Optional, Sequence

import cv2
import numpy as np

from .overlay import overlay

_FONT, _SCALE, _THICK = cv2.FONT_HERSHEY_SIMPLEX, 0.4, 1
_ROW, _SWATCH, _PAD = 16, 10, 6


def legend(classes: Sequence[str], palette: Sequence[Sequence[int]],
           labels: Optional[Iterable[int]] = None, width: int = 320,
           ignore_index: int = 255) -> np.ndarray:
    """A legend strip for ``labels`` (default: every class), ``width``
    pixels wide, white background."""
    ids = sorted({int(i) for i in (range(len(classes)) if labels is None
                                   else labels)
                  if 0 <= int(i) < min(len(classes), len(palette)) and
                  int(i) != ignore_index})
    entries, rows, x = [], 0, _PAD
    for i in ids:
        (tw, _), _ = cv2.getTextSize(str(classes[i]), _FONT, _SCALE, _THICK)
        w = _SWATCH + 4 + tw + 2 * _PAD
        if x + w > width and x > _PAD:
            rows, x = rows + 1, _PAD
        entries.append((i, x, rows))
        x += w
    out = np.full(((rows + 1) * _ROW + _PAD, width, 3), 255, np.uint8)
    for i, x, r in entries:
        y = _PAD // 2 + r * _ROW
        colour = tuple(int(c) for c in palette[i])
        cv2.rectangle(out, (x, y + 3), (x + _SWATCH, y + 3 + _SWATCH),
                      colour, -1)
        cv2.rectangle(out, (x, y + 3), (x + _SWATCH, y + 3 + _SWATCH),
                      (0, 0, 0), 1)
        cv2.putText(out, str(classes[i]), (x + _SWATCH + 4, y + 12), _FONT,
                    _SCALE, (0, 0, 0), _THICK, cv2.LINE_AA)
    return out


def with_legend(image: np.ndarray, label: np.ndarray,
                classes: Sequence[str], palette: Sequence[Sequence[int]],
                ignore_index: int = 255) -> np.ndarray:
    """``image`` with the legend of the classes in ``label`` below it."""
    strip = legend(classes, palette, np.unique(label), image.shape[1],
                   ignore_index)
    return np.concatenate([image, strip], 0)


def _title(image: np.ndarray, text: str) -> np.ndarray:
    bar = np.full((_ROW + 2, image.shape[1], 3), 255, np.uint8)
    cv2.putText(bar, text, (_PAD, _ROW - 3), _FONT, _SCALE, (0, 0, 0),
                _THICK, cv2.LINE_AA)
    return np.concatenate([bar, image], 0)


def compare(image: np.ndarray, pred: np.ndarray, gt: np.ndarray,
            classes: Sequence[str], palette: Sequence[Sequence[int]],
            alpha: float = 0.5, ignore_index: int = 255) -> np.ndarray:
    """Prediction overlay | ground-truth overlay, titled, one legend of the
    classes in either below."""
    left = _title(overlay(image, pred, palette, alpha, ignore_index),
                  'prediction')
    right = _title(overlay(image, gt, palette, alpha, ignore_index),
                   'ground truth')
    gap = np.full((left.shape[0], 4, 3), 255, np.uint8)
    both = np.concatenate([left, gap, right], 1)
    present = np.union1d(np.unique(pred), np.unique(gt))
    return np.concatenate([both, legend(classes, palette, present,
                                        both.shape[1], ignore_index)], 0)


__all__ = ['legend', 'with_legend', 'compare']
