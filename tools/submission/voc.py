"""PASCAL VOC 2012 test-set submission in one command.

Usage::

    python tools/submission/voc.py CONFIG CHECKPOINT -o OUT.tar.gz
        [--data-root data/VOCdevkit/VOC2012]
        [--image-list ImageSets/Segmentation/test.txt] [--comp 6]
        [--device cpu] [--cfg-options ...]

Predicts every image named in the list (``JPEGImages/{id}.jpg`` under the
data root; the VOC 2012 test images and ``ImageSets/Segmentation/test.txt``
come with the test-set download from the evaluation server) and packs what
the server accepts: indexed PNGs (mode 'P', the VOC palette), values 0..20
only, at each image's original size, under
``results/VOC2012/Segmentation/comp{6|5}_test_cls/{id}.png``, in a
``.tar.gz``. mmseg's ``IoUMetric(format_only=True)`` writes grayscale PNGs,
which the server rejects. comp6 = trained with outside data (e.g. ImageNet
pre-training, SBD), comp5 = VOC data only.
"""
import argparse
import os
import os.path as osp
import tarfile
import tempfile

import mmcv
import numpy as np
from mmseg.apis import inference_model
from PIL import Image

from mmseg_multipath.apis import load_inference_model
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.files import atomic_output
from mmseg_multipath.utils.progress import progress_bar


def voc_palette(n: int = 256):
    """The VOC colour map (bit-interleaved), as a flat list for PIL."""
    pal = []
    for i in range(n):
        r = g = b = 0
        c = i
        for j in range(8):
            r |= ((c >> 0) & 1) << (7 - j)
            g |= ((c >> 1) & 1) << (7 - j)
            b |= ((c >> 2) & 1) << (7 - j)
            c >>= 3
        pal += [r, g, b]
    return pal


def parse_args():
    parser = argparse.ArgumentParser(description='VOC 2012 submission')
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('-o', '--out', required=True, help='OUT.tar.gz')
    parser.add_argument('--data-root', default='data/VOCdevkit/VOC2012')
    parser.add_argument('--image-list',
                        default='ImageSets/Segmentation/test.txt',
                        help='relative to the data root, one id per line')
    parser.add_argument('--comp', type=int, choices=[5, 6], default=6)
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--allow-partial', action='store_true',
        help='load a checkpoint that does not fit the model exactly (other '
        'model or class count): only what fits is loaded')
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    return parser.parse_args()


def main():
    args = parse_args()
    list_path = osp.join(args.data_root, args.image_list)
    if not osp.isfile(list_path):
        raise FileNotFoundError(
            f'image list "{list_path}" does not exist (the VOC 2012 test '
            'download provides ImageSets/Segmentation/test.txt)')
    ids = [line.split()[0] for line in open(list_path) if line.strip()]
    if not ids:
        raise ValueError(f'image list "{list_path}" is empty: no image ids '
                         'to predict (one id per line)')
    if not args.out.endswith(('.tar.gz', '.tgz')):
        raise ValueError(f'--out "{args.out}" must end in .tar.gz')
    model, _ = load_inference_model(args.config, args.checkpoint,
                                    args.device, args.cfg_options,
                                    args.allow_partial)
    num_classes = model.decode_head.out_channels
    if num_classes != 21:
        raise ValueError(f'the model predicts {num_classes} classes; a VOC '
                         'submission needs the 21 VOC classes')
    sub = osp.join('results', 'VOC2012', 'Segmentation',
                   f'comp{args.comp}_test_cls')
    palette = voc_palette()
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(osp.join(tmp, sub))
        bar = progress_bar(len(ids))
        for img_id in ids:
            path = osp.join(args.data_root, 'JPEGImages', img_id + '.jpg')
            # the stored pixel grid, as the server reads it: OpenCV would
            # apply a JPEG's EXIF orientation and transpose the prediction
            img = mmcv.imread(path, flag='color_ignore_orientation') \
                if osp.isfile(path) else None
            if img is None:
                raise FileNotFoundError(
                    f'image "{path}" is missing or cannot be decoded')
            pred = inference_model(model, img).pred_sem_seg.data[0]
            label = pred.cpu().numpy().astype(np.uint8)
            assert label.shape == img.shape[:2] and label.max() <= 20
            png = Image.fromarray(label, mode='P')
            png.putpalette(palette)
            png.save(osp.join(tmp, sub, img_id + '.png'))
            bar.update()
        with atomic_output(args.out) as part, \
                tarfile.open(part, 'w:gz') as tar:
            tar.add(osp.join(tmp, 'results'), arcname='results')
    print(f'\n{len(ids)} predictions in {sub}/ -> {args.out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
