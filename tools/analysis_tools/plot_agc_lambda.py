"""Plot AGC lambda against layer depth and against iteration.

Usage::

    python tools/analysis_tools/plot_agc_lambda.py WORK_DIR [-o lambda.png]

Reads the ``agc_lambda/...`` scalars that ``AGCLambdaHook`` writes to
``WORK_DIR/*/vis_data/scalars.json`` (all runs in the work dir, so resumed
runs join up) and draws one PNG with two panels: (left) per-layer lambda
(mean over channels, min-max band) at the first and last record against
layer depth; (right) per-layer mean lambda against iteration, coloured by
depth. This is the graph Deep Control (Ruff 2017, section 1.5) proposes.
"""
import argparse
import glob
import json
import os.path as osp
import re
from collections import defaultdict


def load_lambda_records(work_dir):
    """{layer: {stat: {step: value}}} from every scalars.json in work_dir."""
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                      'scalars.json')))
    if not files:
        raise FileNotFoundError(f'no */vis_data/scalars.json in "{work_dir}"')
    pat = re.compile(r'^agc_lambda/(\d+)_(.+)/(mean|min|max)$')
    data = defaultdict(lambda: defaultdict(dict))
    for path in files:
        with open(path) as f:
            for line in f:
                rec = json.loads(line)
                step = rec.get('step', rec.get('iter'))
                for key, value in rec.items():
                    m = pat.match(key)
                    if m:
                        layer = (int(m.group(1)), m.group(2))
                        data[layer][m.group(3)][step] = value
    if not data:
        raise ValueError(f'no agc_lambda scalars in "{work_dir}": was '
                         'AGCLambdaHook in custom_hooks?')
    return data


def plot(data, out):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    layers = sorted(data)
    steps = sorted({s for layer in layers for s in data[layer]['mean']})
    # one record (a short run): no curve over iterations to draw, so one
    # panel instead of an empty second one
    if len(steps) > 1:
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.8))
        records = ((steps[0], '--'), (steps[-1], '-'))
    else:
        fig, ax1 = plt.subplots(1, 1, figsize=(7, 4.8))
        ax2, records = None, ((steps[0], '-'), )
    depth = list(range(len(layers)))
    for step, style in records:
        mean = [data[layer]['mean'].get(step) for layer in layers]
        lo = [data[layer]['min'].get(step) for layer in layers]
        hi = [data[layer]['max'].get(step) for layer in layers]
        ax1.plot(depth, mean, style, marker='o', ms=3, label=f'iter {step}')
        ax1.fill_between(depth, lo, hi, alpha=0.15)
    ax1.set_xlabel('AGC layer (depth order)')
    ax1.set_ylabel('lambda (mean over channels; band: min-max)')
    ax1.set_title('lambda vs depth')
    ax1.legend()
    if ax2 is None:
        fig.tight_layout()
        fig.savefig(out, dpi=100)
        plt.close(fig)
        return out
    cmap = plt.get_cmap('viridis')
    for i, layer in enumerate(layers):
        s = sorted(data[layer]['mean'])
        ax2.plot(s, [data[layer]['mean'][k] for k in s],
                 color=cmap(i / max(len(layers) - 1, 1)), lw=1)
    sm = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(0,
                                                             len(layers) - 1))
    fig.colorbar(sm, ax=ax2, label='layer depth')
    ax2.set_xlabel('iteration')
    ax2.set_ylabel('mean lambda')
    ax2.set_title('lambda vs iteration')
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return out


def main():
    parser = argparse.ArgumentParser(description='Plot AGC lambda')
    parser.add_argument('work_dir')
    parser.add_argument('-o', '--out', default=None,
                        help='PNG path (default: WORK_DIR/agc_lambda.png)')
    args = parser.parse_args()
    out = args.out or osp.join(args.work_dir, 'agc_lambda.png')
    data = load_lambda_records(args.work_dir)
    plot(data, out)
    print(f'{len(data)} AGC layers -> {out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
