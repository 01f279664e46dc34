import numpy as np

from mmseg_multipath.visualization import colorize, overlay


def test_colorize_uses_palette_and_blacks_out_ignore():
    lab = np.array([[0, 1], [255, 1]])
    out = colorize(lab, [[10, 20, 30], [40, 50, 60]])
    assert out.shape == (2, 2, 3) and out.dtype == np.uint8
    assert out[0, 0].tolist() == [10, 20, 30]
    assert out[1, 0].tolist() == [0, 0, 0]


def test_overlay_blends_and_keeps_ignored_pixels():
    img = np.full((2, 2, 3), 100, np.uint8)
    lab = np.array([[0, 255], [0, 0]])
    out = overlay(img, lab, [[200, 0, 0]], alpha=0.5)
    assert out[0, 0].tolist() == [150, 50, 50]
    assert out[0, 1].tolist() == [100, 100, 100]
