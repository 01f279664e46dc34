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


def test_legend_shows_a_swatch_for_each_class_present():
    from mmseg_multipath.visualization import compare, legend, with_legend
    classes = ['road', 'car', 'sky']
    palette = [[200, 0, 0], [0, 200, 0], [0, 0, 200]]
    lab = np.array([[0, 2], [2, 255]])
    strip = legend(classes, palette, np.unique(lab), width=200)
    colours = {tuple(c) for c in strip.reshape(-1, 3)}
    assert (200, 0, 0) in colours and (0, 0, 200) in colours
    assert (0, 200, 0) not in colours  # car is not in the label map
    img = np.zeros((2, 200, 3), np.uint8)
    lab = np.zeros((2, 200), np.int64)
    assert with_legend(img, lab, classes, palette).shape[:2][1] == 200
    both = compare(img, lab, lab + 1, classes, palette)
    assert both.shape[1] == 2 * 200 + 4  # prediction | ground truth
    colours = {tuple(c) for c in both[-30:].reshape(-1, 3)}
    assert (200, 0, 0) in colours and (0, 200, 0) in colours
