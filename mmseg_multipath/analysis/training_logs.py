"""Read the logs of training and test runs: mmengine's
``WORK_DIR/*/vis_data/scalars.json`` (LocalVisBackend; the parts of a
resumed run in one work dir are joined by step) and the metrics JSON that
``tools/test.py --work-dir DIR`` writes (``DIR/<timestamp>/<timestamp>.json``).

Shared by ``tools/analysis_tools/plot_logs.py`` (curves of runs) and
``tools/analysis_tools/seed_summary.py`` (mean and spread over seeds).
"""
import glob
import json
import os.path as osp
import sys


def load_curves(work_dir, metric='mIoU', extra=()):
    """{'loss': {step: v}, 'lr': {...}, metric: {...}} for one work dir,
    plus a curve for every key named in ``extra`` (e.g. ``'time'``), read
    from the training records only (those with an ``lr``: a validation
    record has a ``time`` of its own)."""
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                      'scalars.json')))
    if not files:
        raise FileNotFoundError(
            f'no */vis_data/scalars.json in "{work_dir}" (is it a work dir '
            'of tools/train.py?)')
    curves = {key: {} for key in ('loss', 'lr', metric, *extra)}
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
                if key in extra and 'lr' not in rec:
                    continue
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


def load_test_metrics(test_dir):
    """The metrics of the newest ``tools/test.py --work-dir test_dir`` run:
    ``{'mIoU': .., 'aAcc': .., ...}`` from ``test_dir/<timestamp>/
    <timestamp>.json`` (the timestamps sort by time)."""
    files = sorted(
        f for f in glob.glob(osp.join(test_dir, '*', '*.json'))
        if osp.basename(f)[:-5] == osp.basename(osp.dirname(f)))
    if not files:
        raise FileNotFoundError(
            f'no test result in "{test_dir}" (tools/test.py CONFIG CKPT '
            f'--work-dir {test_dir} writes one)')
    path = files[-1]
    try:
        with open(path, encoding='utf-8') as f:
            rec = json.load(f)
    except (UnicodeDecodeError, ValueError):
        raise ValueError(f'"{path}" is not the metrics JSON of '
                         'tools/test.py') from None
    if not isinstance(rec, dict):
        raise ValueError(f'"{path}" is not the metrics JSON of '
                         'tools/test.py (not an object)')
    return rec
