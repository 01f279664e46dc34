"""Check a data set before training on it.

Usage::

    python tools/misc/check_dataset.py CONFIG [--split train val test]
        [--cfg-options ...] [--nproc 2]

For each split of the config's data loaders it reads every image and label
map (applying the data set's ``reduce_zero_label`` and ``label_map``, as
training does) and reports: unreadable or missing files, image/label size
mismatches, label values that are neither a class nor 255, and a per-class
pixel histogram. Shows a progress bar with ETA; exits 1 if it found a
problem.
"""
import argparse
import os.path as osp
import sys
from functools import partial

import cv2
import numpy as np
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmseg_multipath  # noqa: F401
from mmseg_multipath.datasets.checks import (DataError, orphan_labels,
                                             read_label_map, remap_labels,
                                             skipped_files)
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.config import load_config
from mmseg_multipath.utils.progress import track


def parse_args():
    parser = argparse.ArgumentParser(description='Check a data set')
    parser.add_argument('config')
    parser.add_argument('--split', nargs='+', default=['train', 'val', 'test'],
                        choices=['train', 'val', 'test'])
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    parser.add_argument('--nproc', type=int, default=1)
    parser.add_argument('--max-report', type=int, default=10,
                        help='problems listed per kind')
    return parser.parse_args()


def check_sample(info, num_classes, ignore_index=255):
    """Return (problems, histogram) for one data_info dict."""
    problems, hist = [], np.zeros(num_classes + 1, np.int64)
    img_path, seg_path = info['img_path'], info.get('seg_map_path')
    img = cv2.imread(img_path, cv2.IMREAD_UNCHANGED) if osp.isfile(
        img_path) else None
    if img is None:
        problems.append(('unreadable', f'image "{img_path}" is missing or '
                         'cannot be decoded'))
    if seg_path is None:
        return problems, hist
    try:  # as training reads it (palette PNGs give their indices)
        seg = read_label_map(seg_path) if osp.isfile(seg_path) else None
    except DataError:
        seg = None
    if seg is None:
        problems.append(('unreadable', f'label "{seg_path}" is missing or '
                         'cannot be decoded'))
        return problems, hist
    if seg.ndim != 2:
        problems.append(('channels', f'label "{seg_path}" has shape '
                         f'{seg.shape}, not single-channel'))
        return problems, hist
    seg = remap_labels(seg, info, ignore_index)
    if img is not None and img.shape[:2] != seg.shape[:2]:
        problems.append(('size', f'label "{seg_path}" is {seg.shape[0]}x'
                         f'{seg.shape[1]} but image is {img.shape[0]}x'
                         f'{img.shape[1]}'))
    values, counts = np.unique(seg, return_counts=True)
    for v, c in zip(values, counts):
        if v < num_classes:
            hist[v] += c
        elif v == ignore_index:
            hist[num_classes] += c
        else:
            problems.append(('values', f'label "{seg_path}" has value {v} '
                             f'({c} px): neither a class (0..'
                             f'{num_classes - 1}) nor {ignore_index}'))
    return problems, hist


def main():
    args = parse_args()

    cfg = load_config(args.config, cfg_options=args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    found_problem = False
    for split in args.split:
        loader = cfg.get(f'{split}_dataloader')
        if not loader:
            continue
        ds_cfg = loader['dataset'].copy()
        ds_cfg['pipeline'] = []
        try:
            dataset = DATASETS.build(ds_cfg)
        except (DataError, FileNotFoundError) as e:
            # the split cannot be built; the other splits are still checked
            found_problem = True
            print(f'\n[{split}] cannot be read: {e}')
            continue
        classes = dataset.metainfo['classes']
        infos = [dataset.get_data_info(i) for i in range(len(dataset))]
        print(f'\n[{split}] {type(dataset).__name__}: {len(infos)} samples, '
              f'{len(classes)} classes')
        func = partial(check_sample, num_classes=len(classes))
        results = track(func, infos, args.nproc)
        hist = np.sum([h for _, h in results], axis=0)
        problems = [p for ps, _ in results for p in ps]
        problems += [('skipped', f'"{path}": {why}, not read by the data '
                      'set') for path, why in skipped_files(dataset, infos)]
        problems += [('orphan', f'label "{path}" has no image')
                     for path in orphan_labels(dataset, infos)]
        total = max(hist.sum(), 1)
        print(f'\n{"class":<20}{"pixels":>14}{"share":>9}')
        for name, n in zip(list(classes) + ['(ignore 255)'], hist):
            print(f'{name:<20}{n:>14d}{100.0 * n / total:>8.2f}%')
        absent = [c for c, n in zip(classes, hist) if n == 0]
        if absent:
            print(f'note: classes never seen in {split}: {absent}')
        for kind in ('unreadable', 'skipped', 'orphan', 'channels', 'size',
                     'values'):
            items = [m for k, m in problems if k == kind]
            if items:
                found_problem = True
                print(f'\n{len(items)} {kind} problem(s):')
                for m in items[:args.max_report]:
                    print(f'  - {m}')
        if not problems:
            print(f'[{split}] no problems found')
    sys.exit(1 if found_problem else 0)


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
