"""tools/submission/voc.py: the package the VOC server accepts."""
import tarfile

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from PIL import Image

from ..conftest import DEMO_CONFIG, run_tool


def test_voc_package_layout_palette_values_and_sizes(tmp_path):
    root = tmp_path / 'VOC2012'
    (root / 'JPEGImages').mkdir(parents=True)
    (root / 'ImageSets' / 'Segmentation').mkdir(parents=True)
    sizes = {'2008_000001': (75, 100), '2008_000002': (101, 67),
             '2008_000003': (60, 90)}
    rng = np.random.default_rng(0)
    for img_id, (h, w) in sizes.items():
        cv2.imwrite(str(root / 'JPEGImages' / f'{img_id}.jpg'),
                    rng.integers(0, 255, (h, w, 3), dtype=np.uint8))
    # a camera JPEG with an EXIF orientation tag (6: rotate 90): the server
    # wants the stored size (60 x 90), not the displayed one (90 x 60)
    jpg = Image.open(root / 'JPEGImages' / '2008_000003.jpg')
    exif = Image.Exif()
    exif[0x0112] = 6
    jpg.save(root / 'JPEGImages' / '2008_000003.jpg', exif=exif.tobytes())
    assert cv2.imread(str(root / 'JPEGImages' / '2008_000003.jpg')).shape[
        :2] == (90, 60)  # what OpenCV's default read would predict on
    (root / 'ImageSets/Segmentation/test.txt').write_text(
        '\n'.join(sizes) + '\n')
    init_default_scope('mmseg')
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.model.decode_head.num_classes = 21
    model = MODELS.build(cfg.model)
    ckpt = tmp_path / 'voc21.pth'
    meta = dict(dataset_meta=dict(classes=[str(i) for i in range(21)],
                                  palette=[[i, i, i] for i in range(21)]))
    torch.save({'state_dict': model.state_dict(), 'meta': meta}, ckpt)
    out = tmp_path / 'sub' / 'voc.tar.gz'
    res = run_tool(['tools/submission/voc.py', DEMO_CONFIG, str(ckpt), '-o',
                    str(out), '--data-root', str(root), '--cfg-options',
                    'model.decode_head.num_classes=21'])
    assert res.returncode == 0, res.stderr[-3000:]
    with tarfile.open(out) as tar:
        names = sorted(n for n in tar.getnames() if n.endswith('.png'))
        assert names == [
            f'results/VOC2012/Segmentation/comp6_test_cls/{i}.png'
            for i in sorted(sizes)
        ]
        tar.extractall(tmp_path / 'x', filter='data')
    for img_id, (h, w) in sizes.items():
        png = Image.open(tmp_path / 'x' / 'results/VOC2012/Segmentation/'
                         f'comp6_test_cls/{img_id}.png')
        assert png.mode == 'P' and png.size == (w, h)
        assert np.array(png).max() <= 20
        pal = png.getpalette()
        assert pal[3:6] == [128, 0, 0] and pal[255 * 3:256 * 3] == [
            224, 224, 192
        ]
    # a model with another class count is refused with a clear message
    res = run_tool(['tools/submission/voc.py', DEMO_CONFIG, str(ckpt), '-o',
                    str(out), '--data-root', str(root)])
    assert res.returncode == 2


def test_empty_image_list_is_an_error(tmp_path):
    root = tmp_path / 'VOC2012'
    (root / 'ImageSets' / 'Segmentation').mkdir(parents=True)
    (root / 'ImageSets/Segmentation/test.txt').write_text('\n\n')
    out = tmp_path / 'voc.tar.gz'
    res = run_tool(['tools/submission/voc.py', DEMO_CONFIG, 'none.pth', '-o',
                    str(out), '--data-root', str(root)])
    assert res.returncode == 2 and 'test.txt" is empty' in res.stderr
    assert not out.exists()
