"""Deterministic generator of a small street-scene data set in the CamVid
layout.

The demo and the tests of mmseg-multipath must run without any download, so
the project ships this generator instead of images. It renders road scenes
with the 11 CamVid classes (and void) as textured shapes: a sky above a
random horizon, buildings with window grids, trees as noisy blobs, a road in
perspective with lane marks, pavements, fences, poles carrying signs, cars,
pedestrians and bicyclists, plus a few void patches. Colours of the classes
overlap (grey sky, grey road, grey poles...), so texture, shape and position
matter and the task is learnable but not trivial.

Output follows the SegNet distribution of CamVid, exactly like the real
benchmark (converted with ``tools/dataset_converters/camvid.py``)::

    ROOT/train/*.png      ROOT/trainannot/*.png   ROOT/train.txt
    ROOT/val/*.png        ROOT/valannot/*.png     ROOT/val.txt
    ROOT/test/*.png       ROOT/testannot/*.png    ROOT/test.txt

Images are RGB PNGs, labels single-channel PNGs with values 0..10 and 11 for
void. ``tools/dataset_converters/camvid.py`` turns this into mmseg's layout.
The same seed always gives byte-identical files.
"""
import json
import os
import os.path as osp
import shutil
from typing import Dict, Optional, Sequence, Tuple

import cv2
import numpy as np

from .camvid_convert import convert_camvid
from .camvid_meta import CAMVID_CLASSES, SEGNET_VOID

SKY, BUILDING, POLE, ROAD, PAVEMENT, TREE, SIGN, FENCE, CAR, PEDESTRIAN, \
    BICYCLIST = range(11)

DEFAULT_SPLITS = (('train', 48), ('val', 16), ('test', 16))


def _noise(rng: np.random.Generator, h: int, w: int, scale: int,
           amp: float) -> np.ndarray:
    """Smooth value noise of the given spatial scale, shape (h, w)."""
    small = rng.standard_normal((max(2, h // scale + 2),
                                 max(2, w // scale + 2)))
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC) * amp


def _paint(img: np.ndarray, lab: np.ndarray, mask: np.ndarray,
           colour: Sequence[float], label: int,
           texture: Optional[np.ndarray] = None) -> None:
    """Fill ``mask`` in the image with ``colour`` (+ texture) and the label."""
    m = mask.astype(bool)
    col = np.asarray(colour, dtype=np.float32)
    if texture is None:
        img[m] = col
    else:
        img[m] = col + texture[m][:, None]
    lab[m] = label


def _jitter(rng: np.random.Generator, colour: Sequence[float],
            amount: float) -> np.ndarray:
    return np.clip(np.asarray(colour, np.float32) +
                   rng.uniform(-amount, amount, 3), 0, 255)


def render_scene(rng: np.random.Generator, height: int = 120,
                 width: int = 160) -> Tuple[np.ndarray, np.ndarray]:
    """Render one street scene.

    Args:
        rng: the random generator (the only source of randomness).
        height, width: output size in pixels.

    Returns:
        ``(image, label)``: uint8 RGB array of shape (H, W, 3) and uint8 label
        array of shape (H, W) with values 0..10 (CamVid classes) and 11 (void).
    """
    h, w = height, width
    img = np.zeros((h, w, 3), np.float32)
    lab = np.full((h, w), SEGNET_VOID, np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    horizon = int(h * rng.uniform(0.32, 0.5))
    vx = w * rng.uniform(0.35, 0.65)  # vanishing point

    # Sky: bluish or overcast grey, vertical gradient, faint clouds.
    sky = _jitter(rng, [150, 170, 200] if rng.random() < 0.6 else
                  [160, 160, 165], 20)
    grad = (1.0 - yy / max(horizon, 1))[..., None] * 25
    img[:] = sky + grad + _noise(rng, h, w, 24, 6)[..., None]
    lab[:] = SKY

    # Buildings along the horizon, with a grid of windows.
    x = int(rng.integers(-10, 5))
    while x < w:
        bw = int(rng.integers(w // 8, w // 3))
        top = int(horizon - rng.uniform(0.15, 0.45) * h)
        bottom = horizon + int(0.08 * h)
        mask = (xx >= x) & (xx < x + bw) & (yy >= max(top, 0)) & (yy < bottom)
        base = _jitter(rng, [[140, 90, 70], [120, 115, 110], [170, 150, 120],
                             [150, 150, 160]][rng.integers(4)], 25)
        wx, wy = int(rng.integers(4, 8)), int(rng.integers(5, 9))
        windows = (((xx - x) % wx) < wx // 2) & (((yy - top) % wy) < wy // 2)
        tex = _noise(rng, h, w, 6, 6) - windows * rng.uniform(25, 50)
        _paint(img, lab, mask, base, BUILDING, tex)
        x += bw + int(rng.integers(0, 6))

    # Road in perspective, with dashed lane marks; pavements on both sides.
    slope_l = rng.uniform(0.9, 1.8)
    slope_r = rng.uniform(0.9, 1.8)
    below = yy >= horizon
    dy = (yy - horizon).astype(np.float32)
    left_edge = vx - dy * slope_l
    right_edge = vx + dy * slope_r
    road = below & (xx >= left_edge) & (xx <= right_edge)
    pave_w = rng.uniform(0.5, 1.1)
    pave = below & ~road & (xx >= left_edge - dy * pave_w) & \
        (xx <= right_edge + dy * pave_w)
    pave_col = _jitter(rng, [175, 165, 150], 20)
    tiles = ((((xx // 5) + (yy // 4)) % 2) * rng.uniform(8, 18))
    _paint(img, lab, pave, pave_col, PAVEMENT,
           tiles + _noise(rng, h, w, 3, 5))
    # Ground beyond the pavements is grass/vegetation: Tree class in CamVid.
    beyond = below & ~road & ~pave
    _paint(img, lab, beyond, _jitter(rng, [90, 120, 60], 15), TREE,
           _noise(rng, h, w, 2, 14))
    road_col = _jitter(rng, [105, 100, 110], 15)
    _paint(img, lab, road, road_col, ROAD, _noise(rng, h, w, 2, 6))
    centre = vx + dy * (slope_r - slope_l) / 2
    marks = road & (np.abs(xx - centre) < 0.6 + dy * 0.02) & \
        (((yy - horizon) // 6) % 2 == 0)
    img[marks] = _jitter(rng, [225, 225, 215], 10)  # lane marks are road

    # Fence along one pavement edge.
    if rng.random() < 0.7:
        fy0 = horizon + int(rng.uniform(0.02, 0.08) * h)
        fh = int(rng.uniform(0.06, 0.12) * h)
        side_left = rng.random() < 0.5
        fx0, fx1 = (0, int(left_edge[min(fy0 + fh, h - 1), 0])) if side_left \
            else (int(right_edge[min(fy0 + fh, h - 1), 0]), w)
        fence = (yy >= fy0) & (yy < fy0 + fh) & (xx >= fx0) & (xx < fx1)
        bars = ((xx % 4) < 1) | ((yy - fy0) % max(fh // 2, 2) < 1)
        fence &= bars
        _paint(img, lab, fence, _jitter(rng, [110, 100, 90], 20), FENCE)

    # Trees: noisy green blobs standing above the horizon.
    for _ in range(int(rng.integers(1, 4))):
        cx, cy = rng.uniform(0, w), horizon - rng.uniform(0.05, 0.25) * h
        rx, ry = rng.uniform(0.06, 0.15) * w, rng.uniform(0.1, 0.22) * h
        rr = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
        blob = rr + _noise(rng, h, w, 4, 0.35) < 1.0
        _paint(img, lab, blob, _jitter(rng, [60, 110, 50], 20), TREE,
               _noise(rng, h, w, 2, 18))
        trunk = (np.abs(xx - cx) < 1.5) & (yy > cy) & (yy < horizon + 4)
        _paint(img, lab, trunk, [90, 70, 50], TREE)

    # Poles with signs on the pavements.
    for _ in range(int(rng.integers(1, 4))):
        by = int(rng.uniform(horizon + 0.1 * h, h - 2))
        side = rng.random() < 0.5
        px = int((left_edge[by, 0] - (by - horizon) * pave_w * 0.5)
                 if side else
                 (right_edge[by, 0] + (by - horizon) * pave_w * 0.5))
        if not 1 <= px <= w - 2:
            continue
        ph = int((by - horizon) * rng.uniform(1.5, 2.5) + 10)
        pw = max(1, int((by - horizon) * 0.04))
        pole = (np.abs(xx - px) <= pw) & (yy <= by) & (yy >= by - ph)
        _paint(img, lab, pole, _jitter(rng, [150, 150, 140], 20), POLE)
        if rng.random() < 0.7:
            s = max(3, int((by - horizon) * 0.15))
            sy = by - ph
            sign = (np.abs(xx - px) <= s) & (np.abs(yy - sy) <= s)
            if rng.random() < 0.5:
                sign &= (xx - px) ** 2 + (yy - sy) ** 2 <= s * s
            _paint(img, lab, sign, _jitter(
                rng, [[220, 40, 40], [40, 60, 200], [230, 200, 40]]
                [rng.integers(3)], 20), SIGN)

    # Cars on the road: body, windows, wheels (all Car).
    for _ in range(int(rng.integers(0, 4))):
        by = int(rng.uniform(horizon + 0.12 * h, h))
        d = by - horizon
        cw = d * rng.uniform(0.6, 1.0)
        ch = d * rng.uniform(0.35, 0.5)
        cx = rng.uniform(left_edge[min(by, h - 1), 0],
                         right_edge[min(by, h - 1), 0])
        body = (np.abs(xx - cx) < cw / 2) & (yy < by) & (yy > by - ch)
        col = _jitter(rng, [[200, 30, 30], [30, 30, 30], [220, 220, 220],
                            [40, 70, 160], [120, 120, 125]][rng.integers(5)],
                      25)
        glass = body & (yy < by - ch * 0.6) & (np.abs(xx - cx) < cw * 0.35)
        tex = glass * -60.0
        _paint(img, lab, body, col, CAR, tex)

    # Pedestrians on the pavements (head + body), bicyclists on the road.
    for kind in (PEDESTRIAN, BICYCLIST):
        for _ in range(int(rng.integers(0, 3))):
            by = int(rng.uniform(horizon + 0.15 * h, h))
            d = by - horizon
            ph = d * rng.uniform(0.55, 0.85)
            if kind == PEDESTRIAN:
                px = (left_edge[min(by, h - 1), 0] - d * pave_w * 0.4) \
                    if rng.random() < 0.5 else \
                    (right_edge[min(by, h - 1), 0] + d * pave_w * 0.4)
            else:
                px = rng.uniform(left_edge[min(by, h - 1), 0],
                                 right_edge[min(by, h - 1), 0])
            bw = ph * 0.16
            torso = ((xx - px) / bw) ** 2 + ((yy - (by - ph * 0.45)) /
                                             (ph * 0.42)) ** 2 < 1
            head = (xx - px) ** 2 + (yy - (by - ph * 0.9)) ** 2 < \
                (ph * 0.09) ** 2
            figure = torso | head
            col = _jitter(rng, [[60, 50, 80], [150, 60, 40], [40, 90, 60]]
                          [rng.integers(3)], 30)
            if kind == BICYCLIST:
                r = ph * 0.2
                for ox in (-r * 1.1, r * 1.1):
                    ring = np.abs(np.hypot(xx - px - ox, yy - (by - r)) -
                                  r) < max(1.0, r * 0.2)
                    figure |= ring
            _paint(img, lab, figure, col, kind, _noise(rng, h, w, 2, 10))

    # A few void patches (unlabelled clutter).
    for _ in range(int(rng.integers(0, 3))):
        cx, cy = rng.uniform(0, w), rng.uniform(horizon, h)
        r = rng.uniform(2, 6)
        void = (xx - cx) ** 2 + (yy - cy) ** 2 < r * r
        img[void] = rng.uniform(0, 255, 3)
        lab[void] = SEGNET_VOID

    # Global photometric variation and sensor noise.
    img = img * rng.uniform(0.75, 1.2) + rng.uniform(-15, 15)
    img += rng.normal(0, rng.uniform(3, 9), img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    return img, lab


def generate_demo_dataset(root: str, splits: Sequence[Tuple[str, int]] =
                          DEFAULT_SPLITS, seed: int = 0, height: int = 120,
                          width: int = 160) -> Dict[str, int]:
    """Write the demo data set in the SegNet CamVid layout under ``root``.

    Args:
        root: output folder (created if needed).
        splits: ``(name, count)`` pairs.
        seed: seed of the generator; the same seed gives identical files.
        height, width: image size (CamVid's 360x480 divided by 3 by default).

    Returns:
        ``{split: number of images written}``.
    """
    counts = {}
    for split_idx, (split, n) in enumerate(splits):
        os.makedirs(osp.join(root, split), exist_ok=True)
        os.makedirs(osp.join(root, split + 'annot'), exist_ok=True)
        lines = []
        for i in range(n):
            # one independent stream per image, so a split's content does not
            # depend on how many images the other splits have
            rng = np.random.default_rng([seed, split_idx, i])
            img, lab = render_scene(rng, height, width)
            name = f'demo{split_idx}_{i:05d}.png'
            cv2.imwrite(osp.join(root, split, name), img[..., ::-1])
            cv2.imwrite(osp.join(root, split + 'annot', name), lab)
            lines.append(f'/SegNet/CamVid/{split}/{name} '
                         f'/SegNet/CamVid/{split}annot/{name}\n')
        with open(osp.join(root, f'{split}.txt'), 'w') as f:
            f.writelines(lines)
        counts[split] = n
    return counts


DEMO_STAMP = 'demo_data.json'
# what prepare_demo_data writes into its folder
DEMO_OUTPUTS = ('segnet', 'img_dir', 'ann_dir')


def prepare_demo_data(out_dir: str, seed: int = 0,
                      splits: Sequence[Tuple[str, int]] = DEFAULT_SPLITS
                      ) -> Dict[str, int]:
    """Generate the demo scenes and convert them to mmseg's layout.

    Writes the SegNet layout to ``out_dir/segnet`` and the converted data set
    (``img_dir/``, ``ann_dir/``) to ``out_dir``. A stamp file records the
    seed and split sizes, so an unchanged request returns at once.

    Returns:
        ``{split: number of images}``.
    """
    stamp = osp.join(out_dir, DEMO_STAMP)
    want = dict(seed=seed, splits=[list(s) for s in splits], version=1)
    if osp.isfile(stamp):
        try:
            with open(stamp) as f:
                if json.load(f) == want:
                    return {s: n for s, n in splits}
        except ValueError:
            pass  # cut off: regenerate
        # an earlier demo folder: its own outputs go, so that no stale
        # image of a larger earlier request stays; other files are kept
        for sub in DEMO_OUTPUTS:
            if osp.isdir(osp.join(out_dir, sub)):
                shutil.rmtree(osp.join(out_dir, sub))
    elif osp.isdir(out_dir) and os.listdir(out_dir):
        found = sorted(os.listdir(out_dir))
        raise FileExistsError(
            f'demo data folder "{out_dir}" is not empty and is not a demo '
            f'folder (no {DEMO_STAMP}; it holds {", ".join(found[:3])}'
            f'{", ..." if len(found) > 3 else ""}): choose an empty or new '
            'folder, or delete this one')
    os.makedirs(out_dir, exist_ok=True)
    with open(stamp, 'w') as f:  # marks the folder as a demo folder
        json.dump(dict(want, complete=False), f)
    src = osp.join(out_dir, 'segnet')
    generate_demo_dataset(src, splits, seed=seed)
    counts = convert_camvid(src, out_dir, size=None, progress=False,
                            keep=None)  # this folder is checked above
    with open(stamp, 'w') as f:
        json.dump(want, f)
    return counts


__all__ = ['render_scene', 'generate_demo_dataset', 'prepare_demo_data',
           'CAMVID_CLASSES', 'DEFAULT_SPLITS']
