"""Cityscapes test-set submission in one command.

Usage::

    python tools/submission/cityscapes.py CONFIG CHECKPOINT -o OUT.zip
        [--split test] [--device cpu] [--cfg-options ...]

Predicts every image of the config's Cityscapes test loader
(``leftImg8bit/test/*/*_leftImg8bit.png`` under ``data/cityscapes``; point it
elsewhere with ``--split val`` or ``--cfg-options
test_dataloader.dataset.data_root=...``) and writes what the benchmark
server takes: one single-channel PNG of Cityscapes **label ids** (not train
ids; mapped with cityscapesscripts' own label table) per image, at the
image's original size (2048x1024), named ``{city}_{seq}_{frame}_pred.png``,
all in one zip. The files can be checked locally with cityscapesscripts'
``evalPixelLevelSemanticLabeling`` on the val split (the test suite does).
"""
import argparse
import os.path as osp
import zipfile

import cv2
import mmcv
import numpy as np
from mmengine.registry import init_default_scope
from mmseg.apis import inference_model
from mmseg.registry import DATASETS

from mmseg_multipath.apis import load_inference_model
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.files import atomic_output
from mmseg_multipath.utils.progress import progress_bar


def train_id_to_label_id():
    """256-entry lookup: Cityscapes train id (0..18) -> label id;
    255 (and anything else) -> 0 ('unlabeled'), from cityscapesscripts."""
    from cityscapesscripts.helpers.labels import labels
    lut = np.zeros(256, np.uint8)
    for label in labels:
        if 0 <= label.trainId < 255 and not label.ignoreInEval:
            lut[label.trainId] = label.id
    return lut


def parse_args():
    parser = argparse.ArgumentParser(description='Cityscapes submission')
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('-o', '--out', required=True, help='OUT.zip')
    parser.add_argument('--split', default='test',
                        help='leftImg8bit/<split> to predict (default test)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--allow-partial', action='store_true',
        help='load a checkpoint that does not fit the model exactly (other '
        'model or class count): only what fits is loaded')
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    return parser.parse_args()


def main():
    args = parse_args()
    if not args.out.endswith('.zip'):
        raise ValueError(f'--out "{args.out}" must end in .zip')
    options = {
        'test_dataloader.dataset.data_prefix':
        dict(img_path=f'leftImg8bit/{args.split}',
             seg_map_path=f'gtFine/{args.split}')
    }
    options.update(args.cfg_options or {})
    model, cfg = load_inference_model(args.config, args.checkpoint,
                                      args.device, options,
                                      args.allow_partial)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    ds_cfg = cfg.test_dataloader.dataset.copy()
    ds_cfg.pipeline = []
    root = osp.join(ds_cfg.get('data_root', ''), ds_cfg.data_prefix.img_path)
    if not osp.isdir(root):
        raise FileNotFoundError(f'image folder "{root}" does not exist')
    if not osp.isdir(osp.join(ds_cfg.get('data_root', ''),
                              ds_cfg.data_prefix.seg_map_path)):
        ds_cfg.data_prefix.pop('seg_map_path')
    dataset = DATASETS.build(ds_cfg)
    files = [
        dataset.get_data_info(i)['img_path'] for i in range(len(dataset))
    ]
    if not files:
        raise FileNotFoundError(f'no *_leftImg8bit.png images in "{root}"')
    if model.decode_head.out_channels != 19:
        raise ValueError('the model predicts '
                         f'{model.decode_head.out_channels} classes; '
                         'Cityscapes needs the 19 train ids')
    lut = train_id_to_label_id()
    bar = progress_bar(len(files))
    # under a temporary name until complete: no partial zip is left
    with atomic_output(args.out) as part, \
            zipfile.ZipFile(part, 'w', zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            img = mmcv.imread(path)
            if img is None:
                raise ValueError(f'image "{path}" cannot be decoded')
            pred = inference_model(model, img).pred_sem_seg.data[0]
            label_ids = lut[pred.cpu().numpy().astype('uint8')]
            assert label_ids.shape == img.shape[:2]
            name = osp.basename(path).replace('_leftImg8bit.png',
                                              '_pred.png')
            ok, png = cv2.imencode('.png', label_ids)
            zf.writestr(name, png.tobytes())
            bar.update()
    print(f'\n{len(files)} predictions (label ids) -> {args.out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
