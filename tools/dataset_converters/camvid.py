"""Convert CamVid into mmseg's layout.

Usage::

    python tools/dataset_converters/camvid.py SRC -o data/camvid [--nproc 2]

SRC is either the SegNet distribution (train/, trainannot/, val/, ...,
train.txt, ...; labels 0..10 with 11 = void) or the original release
(701_StillsRaw_full/, LabeledApproved_full/*_L.png: 32 colour-coded classes
at 960x720, grouped into the 11 SegNet classes and resized to 480x360 unless
--keep-size). Writes OUT/img_dir/{train,val,test}/ and
OUT/ann_dir/{train,val,test}/ (single-channel labels, void = 255).
"""
import argparse

from mmseg_multipath.datasets.camvid_convert import (convert_camvid,
                                                     detect_layout)


def parse_args():
    parser = argparse.ArgumentParser(
        description='Convert CamVid (SegNet or original layout) to mmseg')
    parser.add_argument('src', help='CamVid source folder')
    parser.add_argument('-o', '--out-dir', default='data/camvid',
                        help='output root (default: data/camvid)')
    parser.add_argument('--split-dir', help='folder with train.txt, val.txt, '
                        'test.txt to use instead of the SegNet split')
    parser.add_argument('--keep-size', action='store_true',
                        help='original layout: keep 960x720 (default: '
                        'resize to 480x360 like SegNet)')
    parser.add_argument('--nproc', type=int, default=1,
                        help='worker processes')
    return parser.parse_args()


def main():
    args = parse_args()
    layout = detect_layout(args.src)
    print(f'{args.src}: {layout} layout -> {args.out_dir}')
    counts = convert_camvid(args.src, args.out_dir,
                            size=None if args.keep_size else (480, 360),
                            split_dir=args.split_dir, nproc=args.nproc)
    print('\nimages per split: ' +
          ', '.join(f'{k} {v}' for k, v in sorted(counts.items())))


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
