"""Write the embedded demo data set (generated street scenes, CamVid classes).

Usage::

    python tools/misc/generate_demo_data.py [-o data/demo] [--seed 0]

Renders the scenes in the SegNet CamVid layout under OUT/segnet/ and
converts them into mmseg's layout under OUT/ (img_dir/, ann_dir/), which
configs/_base_/datasets/demo.py reads. Deterministic: the same seed gives
the same files.
"""
import argparse

from mmseg_multipath.datasets.demo_data import prepare_demo_data


def parse_args():
    parser = argparse.ArgumentParser(description='Generate the demo data')
    parser.add_argument('-o', '--out-dir', default='data/demo')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--train', type=int, default=48)
    parser.add_argument('--val', type=int, default=16)
    parser.add_argument('--test', type=int, default=16)
    return parser.parse_args()


def main():
    args = parse_args()
    counts = prepare_demo_data(
        args.out_dir, seed=args.seed,
        splits=(('train', args.train), ('val', args.val),
                ('test', args.test)))
    print(f'demo data in {args.out_dir}: ' +
          ', '.join(f'{k} {v}' for k, v in counts.items()))


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
