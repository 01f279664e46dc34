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

from mmseg_multipath.analysis.training_logs import load_curves, run_labels


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
