"""tools/analysis_tools/seed_summary.py: mean and sample std over seeds from
generated work dirs (scalars.json of tools/train.py, the metrics JSON of
tools/test.py)."""
import json
import statistics

from ..conftest import run_tool


def _work_dir(root, name, vals, test=None, steps=(100, 200)):
    wd = root / name
    vis = wd / '20260101_000000' / 'vis_data'
    vis.mkdir(parents=True)
    with open(vis / 'scalars.json', 'w') as f:
        for step, val in zip(steps, vals):
            # a training record, then the validation's own record with a
            # time far from the training step's
            f.write(json.dumps(dict(lr=0.01, loss=1.0, time=0.5, iter=step,
                                    step=step)) + '\n')
            f.write(json.dumps(dict(mIoU=val, time=9.0, step=step)) + '\n')
    if test is not None:
        out = wd / 'test' / '20260102_000000'
        out.mkdir(parents=True)
        (out / '20260102_000000.json').write_text(
            json.dumps(dict(aAcc=80.0, mIoU=test)))
    return str(wd)


def test_mean_and_sample_std_over_seeds(tmp_path):
    a = [_work_dir(tmp_path, f'a{i}', (10 + i, 20 + 2 * i), 30 + 3 * i)
         for i in range(3)]
    b = [_work_dir(tmp_path, 'b0', (5, 6), 7)]
    png = tmp_path / 'c.png'
    res = run_tool(['tools/analysis_tools/seed_summary.py', '--run', 'A', *a,
                    '--run', 'B', *b, '-o', str(png)])
    assert res.returncode == 0, res.stderr[-2000:]
    lines = res.stdout.splitlines()
    assert 'val mean at it 100/200' in lines[0]
    row_a = next(line for line in lines if line.startswith('| A |'))
    assert '20.00 / 22.00 / 24.00 (it 200)' in row_a
    assert f'22.00 ± {statistics.stdev([20, 22, 24]):.2f}' in row_a  # n - 1
    assert '30.00 / 33.00 / 36.00 | 33.00 ± 3.00' in row_a
    assert '11.00 / 22.00' in row_a  # the mean curve
    assert row_a.endswith('| 0.500 |')  # training records' time only
    assert '| B | 1 | 6.00 (it 200) | 6.00 ± - | 7.00 | 7.00 ± - |' in (
        res.stdout)
    assert png.stat().st_size > 10_000


def test_a_seed_without_a_test_result_is_named_not_averaged_away(tmp_path):
    a = [_work_dir(tmp_path, 'a0', (10, 20), 30),
         _work_dir(tmp_path, 'a1', (10, 20))]
    res = run_tool(['tools/analysis_tools/seed_summary.py', '--run', 'A', *a])
    assert res.returncode == 0, res.stderr[-2000:]
    assert 'no test result in' in res.stderr and 'a1' in res.stderr
    row_a = next(line for line in res.stdout.splitlines()
                 if line.startswith('| A |'))
    assert '| - | - |' in row_a


def test_models_validated_at_different_iterations_name_them(tmp_path):
    a = [_work_dir(tmp_path, 'a0', (10, 20), 30)]
    b = [_work_dir(tmp_path, 'b0', (10, 20), 30, steps=(150, 300))]
    res = run_tool(['tools/analysis_tools/seed_summary.py', '--run', 'A', *a,
                    '--run', 'B', *b])
    assert res.returncode == 0, res.stderr[-2000:]
    assert 'val mean at each validation' in res.stdout
    assert '150: 10.00 / 300: 20.00' in res.stdout


def test_bad_input_is_one_line(tmp_path):
    res = run_tool(['tools/analysis_tools/seed_summary.py', '--run', 'A',
                    str(tmp_path / 'missing')])
    assert res.returncode == 2
    assert 'scalars.json' in res.stderr and 'missing' in res.stderr
    res = run_tool(['tools/analysis_tools/seed_summary.py', '--run', 'A'])
    assert res.returncode == 2 and 'at least one work dir' in res.stderr
