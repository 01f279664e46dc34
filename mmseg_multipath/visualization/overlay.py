"""Colour rendering of label maps: palette images and overlays on the input.

Shapes: ``label`` (H, W) integers; ``image`` (H, W, 3) uint8 RGB; the output
is (H, W, 3) uint8 RGB. Pixels equal to ``ignore_index`` (or beyond the
palette) are drawn black in colour maps and left untouched in overlays.
"""
from typing import Sequence

import numpy as np


def colorize(label: np.ndarray, palette: Sequence[Sequence[int]],
             ignore_index: int = 255) -> np.ndarray:
    """Map a (H, W) label map to an RGB image with the data set's palette."""
    pal = np.zeros((256, 3), np.uint8)
    pal[:len(palette)] = np.asarray(palette, np.uint8)
    out = pal[np.clip(label, 0, 255).astype(np.uint8)]
    out[label == ignore_index] = 0
    return out


def overlay(image: np.ndarray, label: np.ndarray,
            palette: Sequence[Sequence[int]], alpha: float = 0.5,
            ignore_index: int = 255) -> np.ndarray:
    """Blend the colour map of ``label`` onto an RGB ``image``.

    Args:
        image: (H, W, 3) uint8 RGB.
        label: (H, W) integer label map of the same size.
        palette: one RGB triple per class.
        alpha: weight of the colour map (0 = image only, 1 = colours only).
        ignore_index: label drawn as the plain image.
    """
    if image.shape[:2] != label.shape[:2]:
        raise ValueError(f'image is {image.shape[:2]} but label is '
                         f'{label.shape[:2]}')
    colour = colorize(label, palette, ignore_index).astype(np.float32)
    out = image.astype(np.float32) * (1 - alpha) + colour * alpha
    keep = (label == ignore_index) | (label >= len(palette))
    out[keep] = image[keep]
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)
