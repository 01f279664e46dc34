"""Helpers of the fault-injection tests (tests/test_*/test_*_faults.py):
short training options, tools run in this process, the one ``error:``
line a fault must end with."""
import os
import os.path as osp
import runpy
import sys

import torch

from .conftest import ROOT, data_opts  # noqa: F401  (the tests' helpers)

ITERS = 6


def short_run(root, iters=ITERS, ckpt_every=2, keep=-1):
    return ['--cfg-options', f'train_cfg.max_iters={iters}',
            f'train_cfg.val_interval={iters}',
            f'param_scheduler.0.end={iters}',
            f'default_hooks.checkpoint.interval={ckpt_every}',
            f'default_hooks.checkpoint.max_keep_ckpts={keep}',
            'default_hooks.logger.interval=1', 'train_dataloader.batch_size=4',
            'train_dataloader.num_workers=0'] + data_opts(root)


def tool_inproc(tool, args, capsys):
    """Run tools/<tool> in this process; (exit code, stdout, stderr)."""
    argv, code = sys.argv, 0
    sys.argv = [tool] + [str(a) for a in args]
    capsys.readouterr()
    try:
        runpy.run_path(osp.join(ROOT, 'tools', tool), run_name='__main__')
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        sys.argv = argv
    out = capsys.readouterr()
    return code, out.out, out.err


def one_error(code, err):
    lines = [ln for ln in err.splitlines() if ln.startswith('error:')]
    assert code == 2, err[-3000:]
    assert len(lines) == 1, err[-3000:]
    return lines[0]


def error_line(res):
    return one_error(res.returncode, res.stderr)


def finite_ckpts(work):
    """{name: all floats finite} for the checkpoints in ``work``."""
    out = {}
    for name in sorted(os.listdir(work)):
        if name.endswith('.pth'):
            sd = torch.load(work / name, map_location='cpu',
                            weights_only=False)['state_dict']
            out[name] = all(bool(torch.isfinite(v).all()) for v in sd.values()
                            if v.is_floating_point())
    return out
