"""Plot training loss, learning rate and validation mIoU of runs.

Usage::

    python tools/analysis_tools/plot_logs.py WORK_DIR [WORK_DIR ...]
        [-o curves.png] [--metric mIoU]

Reads every ``WORK_DIR/*/vis_data/scalars.json`` (mmengine's
LocalVisBackend; resumed runs of one work dir are joined by step) and
draws one PNG with three panels, one line per work dir: training loss,
learning rate and the validation metric against iteration.
"""
import argparse
import glob
import json
import os.path as osp
import sys


def load_curves(work_dir, metric='mIoU'):
    """{'loss': {step: v}, 'lr': {...}, metric: {...}} for one work dir."""
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                      'scalars.json')))
    if not files:
        raise FileNotFoundError(
            f'no */vis_data/scalars.json in "{work_dir}" (is it a work dir '
            'of tools/train.py?)')
    curves = {'loss': {}, 'lr': {}, metric: {}}
    for path in files:
        try:
            with open(path, encoding='utf-8') as f:
                lines = f.read().splitlines()
        except UnicodeDecodeError as e:
            raise ValueError(f'"{path}" is not a text log of mmengine '
                             f'(byte {e.start} is not UTF-8)') from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                if n == len(lines):  # a run writing (or killed while
                    # writing) its last record: plot what is complete
                    print(f'warning: "{path}" line {n} is cut off; '
                          'plotted without it', file=sys.stderr)
                    continue
                raise ValueError(f'"{path}" line {n} is not JSON: '
                                 f'{line[:60]!r}') from None
            if not isinstance(rec, dict):
                raise ValueError(f'"{path}" line {n} is not a record of '
                                 f'scalars (a JSON object): {line[:60]!r}')
            step = rec.get('step', rec.get('iter'))
            for key in curves:
                if key in rec and step is not None:
                    value = rec[key]
                    if isinstance(value, bool) or \
                            not isinstance(value, (int, float)):
                        raise ValueError(
                            f'"{path}" line {n}: {key} is {value!r}, not a '
                            'number')
                    curves[key][step] = value
    return curves


def run_labels(work_dirs):
    """Legend labels: each work dir's name, with its parent folder added
    while two runs would share one label (e.g. ``res/seed0``)."""
    parts = [osp.normpath(wd).split(osp.sep) for wd in work_dirs]
    depth = 1
    while True:
        labels = ['/'.join(p[-depth:]) for p in parts]
        if len(set(labels)) == len(labels) or depth >= max(map(len, parts)):
            return labels
        depth += 1


def plot(work_dirs, out, metric='mIoU'):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    for wd, name in zip(work_dirs, run_labels(work_dirs)):
        curves = load_curves(wd, metric)
        for ax, key in zip(axes, ('loss', 'lr', metric)):
            pts = sorted(curves[key].items())
            if pts:
                xs, ys = zip(*pts)
                ax.plot(xs, ys, marker='o' if key == metric else None,
                        ms=3, label=name)
    for ax, title in zip(axes, ('training loss', 'learning rate',
                                f'validation {metric}')):
        ax.set_xlabel('iteration')
        ax.set_title(title)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description='Plot training curves')
    parser.add_argument('work_dirs', nargs='+')
    parser.add_argument('-o', '--out', default='curves.png')
    parser.add_argument('--metric', default='mIoU')
    args = parser.parse_args()
    plot(args.work_dirs, args.out, args.metric)
    print(f'{len(args.work_dirs)} run(s) -> {args.out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
