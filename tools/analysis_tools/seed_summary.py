"""Mean and spread over seeds: one Markdown row per model, from the work
dirs of its seeded runs.

Usage::

    python tools/analysis_tools/seed_summary.py \\
        --run ChoiceNet W/choice/seed0 W/choice/seed1 W/choice/seed2 \\
        --run residual W/res/seed0 W/res/seed1 W/res/seed2 \\
        [--test-dir test] [--metric mIoU] [-o curves.png]

For each ``--run LABEL WORK_DIR ...`` (a work dir of ``tools/train.py``,
one per seed) it reads the validation curve from
``WORK_DIR/*/vis_data/scalars.json`` and the test result from
``WORK_DIR/<test-dir>`` (written by ``tools/test.py CONFIG CKPT --work-dir
WORK_DIR/test``), and prints per model: each seed's last validation and
test value, their mean and sample standard deviation (n - 1), the
validation mean at every step the seeds share, and the median logged
training time per iteration. ``-o`` draws the mean validation curve of
every model with the band between its lowest and highest seed.

A seed without a test result is named on stderr and its model's test
columns read "-"; nothing is averaged over a subset in silence.
"""
import argparse
import statistics
import sys

from mmseg_multipath.analysis.training_logs import (load_curves,
                                                    load_test_metrics)


def mean_std(values):
    """``'mean ± std'`` (sample std, n - 1; '-' for one value)."""
    mean = statistics.mean(values)
    if len(values) < 2:
        return f'{mean:.2f} ± -'
    return f'{mean:.2f} ± {statistics.stdev(values):.2f}'


def summarize(label, work_dirs, test_dir='test', metric='mIoU'):
    """The numbers of one model over its seeds (a dict; see ``row``)."""
    vals, tests, times, missing = [], [], [], []
    for wd in work_dirs:
        curves = load_curves(wd, metric, extra=('time', ))
        if not curves[metric]:
            raise ValueError(f'"{wd}" has no validation {metric} in its '
                             'scalars.json (no validation ran yet)')
        vals.append(curves[metric])
        times.extend(curves['time'].values())
        try:
            tests.append(load_test_metrics(f'{wd}/{test_dir}')[metric])
        except FileNotFoundError as e:
            missing.append(str(e))
    steps = sorted(set.intersection(*(set(v) for v in vals)))
    return dict(
        label=label,
        seeds=len(work_dirs),
        last_step=[max(v) for v in vals],
        last_val=[v[max(v)] for v in vals],
        steps=steps,
        val_mean={s: statistics.mean(v[s] for v in vals)
                  for s in steps},
        val_band={s: (min(v[s] for v in vals), max(v[s] for v in vals))
                  for s in steps},
        test=None if missing else tests,
        missing=missing,
        s_per_it=statistics.median(times) if times else None)


def row(r, with_steps=False):
    """One Markdown table row (``with_steps``: name the iteration of each
    mean validation value, when the models were validated at different
    ones)."""
    per_seed = ' / '.join(f'{v:.2f}' for v in r['last_val'])
    steps = sorted(set(r['last_step']))
    at = '/'.join(str(s) for s in steps)
    test = ('-', '-') if r['test'] is None else (
        ' / '.join(f'{v:.2f}' for v in r['test']), mean_std(r['test']))
    curve = ' / '.join((f'{s}: ' if with_steps else '') +
                       f"{r['val_mean'][s]:.2f}" for s in r['steps'])
    sec = '-' if r['s_per_it'] is None else f"{r['s_per_it']:.3f}"
    return (f"| {r['label']} | {r['seeds']} | {per_seed} (it {at}) | "
            f"{mean_std(r['last_val'])} | {test[0]} | {test[1]} | {curve} | "
            f'{sec} |')


def shared_steps(results):
    """The validation iterations, if every model has the same ones."""
    steps = {tuple(r['steps']) for r in results}
    return list(steps.pop()) if len(steps) == 1 else None


def header(results, metric):
    steps = shared_steps(results)
    at = ('it ' + '/'.join(str(s) for s in steps)) if steps else (
        'each validation')
    return (f'| model | seeds | val {metric} per seed | val mean ± std | '
            f'test {metric} per seed | test mean ± std | val mean at '
            f'{at} | s/it (median) |\n'
            '| --- | --- | --- | --- | --- | --- | --- | --- |')


def plot(results, out, metric):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for r in results:
        xs = r['steps']
        line, = ax.plot(xs, [r['val_mean'][s] for s in xs], marker='o',
                        ms=3, label=f"{r['label']} (mean of {r['seeds']})")
        ax.fill_between(xs, [r['val_band'][s][0] for s in xs],
                        [r['val_band'][s][1] for s in xs],
                        color=line.get_color(), alpha=0.2)
    ax.set_xlabel('iteration')
    ax.set_title(f'validation {metric}: mean over seeds, band = lowest to '
                 'highest seed')
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(
        description='Mean and spread of seeded runs (Markdown rows)')
    parser.add_argument('--run', nargs='+', action='append', required=True,
                        metavar=('LABEL', 'WORK_DIR'),
                        help='a model: its label, then the work dir of each '
                        'seed')
    parser.add_argument('--test-dir', default='test',
                        help='folder inside each work dir holding its '
                        'tools/test.py result (default: test)')
    parser.add_argument('--metric', default='mIoU')
    parser.add_argument('-o', '--out', help='PNG of the mean val curves')
    args = parser.parse_args()
    for run in args.run:
        if len(run) < 2:
            parser.error(f'--run {run[0]}: give the label, then at least '
                         'one work dir')
    results = [
        summarize(run[0], run[1:], args.test_dir, args.metric)
        for run in args.run
    ]
    for r in results:
        for msg in r['missing']:
            print(f"warning: {r['label']}: {msg}; its test columns read "
                  '"-"', file=sys.stderr)
    print(header(results, args.metric))
    with_steps = shared_steps(results) is None
    for r in results:
        print(row(r, with_steps))
    if args.out:
        plot(results, args.out, args.metric)
        print(f'{len(results)} model(s) -> {args.out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
