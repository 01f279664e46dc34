"""Predict label maps for images and render them in colour.

Usage::

    python tools/predict.py CONFIG CHECKPOINT INPUT [INPUT ...] -o OUT_DIR
        [--alpha 0.5] [--device cpu] [--interval 1] [--cfg-options ...]

INPUT is an image or a folder (searched recursively for .png/.jpg/.jpeg/
.bmp/.tif). For every image, OUT_DIR gets ``{stem}_label.png`` (raw class
indices, single channel), ``{stem}_color.png`` (the data set's palette) and
``{stem}_overlay.png`` (colours blended on the image). All images are
written unless ``--interval N`` asks for every N-th. Progress bar with ETA.
"""
import argparse
import os
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from mmengine.config import DictAction  # noqa: E402

IMG_EXTS = ('.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff')


def parse_args():
    parser = argparse.ArgumentParser(description='Predict and render')
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('inputs', nargs='+', help='images or folders')
    parser.add_argument('-o', '--out-dir', required=True)
    parser.add_argument('--alpha', type=float, default=0.5,
                        help='weight of the colours in the overlay')
    parser.add_argument('--interval', type=int, default=1,
                        help='write every N-th image (default: all)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args()


def collect_images(inputs):
    """Image files from a list of files and folders, in a stable order."""
    files = []
    for path in inputs:
        if osp.isdir(path):
            for root, _, names in sorted(os.walk(path)):
                files += [osp.join(root, n) for n in sorted(names)
                          if n.lower().endswith(IMG_EXTS)]
        elif osp.isfile(path):
            files.append(path)
        else:
            raise FileNotFoundError(f'input "{path}" does not exist')
    if not files:
        raise FileNotFoundError(f'no images ({", ".join(IMG_EXTS)}) in '
                                f'{inputs}')
    return files


def main():
    args = parse_args()
    import cv2
    import mmcv
    import numpy as np
    from mmengine.utils import ProgressBar
    from mmseg.apis import inference_model

    import mmseg_multipath  # noqa: F401
    from mmseg_multipath.apis import load_inference_model
    from mmseg_multipath.visualization import colorize, overlay

    files = collect_images(args.inputs)[::max(1, args.interval)]
    model, _ = load_inference_model(args.config, args.checkpoint,
                                    args.device, args.cfg_options)
    palette = model.dataset_meta['palette']
    os.makedirs(args.out_dir, exist_ok=True)
    bar = ProgressBar(len(files))
    for path in files:
        img = mmcv.imread(path, channel_order='rgb')
        if img is None:
            raise ValueError(f'image "{path}" cannot be decoded')
        sample = inference_model(model, img[..., ::-1].copy())
        label = sample.pred_sem_seg.data[0].cpu().numpy().astype(np.uint8)
        stem = osp.splitext(osp.basename(path))[0]
        out = osp.join(args.out_dir, stem)
        cv2.imwrite(f'{out}_label.png', label)
        cv2.imwrite(f'{out}_color.png', colorize(label, palette)[..., ::-1])
        cv2.imwrite(f'{out}_overlay.png',
                    overlay(img, label, palette, args.alpha)[..., ::-1])
        bar.update()
    print(f'\n{len(files)} image(s) -> {args.out_dir}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
