"""Train a segmentor: ``python tools/train.py CONFIG [--work-dir DIR] [...]``.

mmseg's train tool with the plugin's fixes: CPU DDP via torchrun
(``--launcher pytorch``), ``--resume`` with or without a checkpoint path
(the newest readable checkpoint, its seed restored before the data loaders
are built, so resumed runs follow uninterrupted ones whatever the config
says about seeds), ``--tensorboard``, ``--data-root``, the work-dir lock,
SIGINT/SIGTERM as a clean stop, and one clear error line for bad input
(``MMSEG_MP_DEBUG=1`` shows the traceback). The run itself is the config's:
the runner is built as mmseg's tool builds it (``runner_type``, which every
config of the toolbox sets to ``MultipathRunner``), so mmseg's
``tools/train.py`` on the same config trains the same model.
"""
import argparse
import errno
import logging
import os
import os.path as osp
import signal
import sys

from mmengine.device import get_device
from mmengine.logging import print_log

import mmseg_multipath  # noqa: F401  (registers + checkpoint fix)
from mmseg_multipath.engine import build_runner
from mmseg_multipath.utils import (check_config_keys, check_config_path,
                                   load_run_config, setup_cpu_distributed)
from mmseg_multipath.utils.autocast import use_amp_optim_wrapper
from mmseg_multipath.utils.checkpoint_files import check_checkpoint_file
from mmseg_multipath.utils.checkpoints import (check_state_dict_fits,
                                               checkpoint_meta,
                                               find_resume_checkpoint,
                                               read_checkpoint,
                                               resume_candidates,
                                               state_dict_of)
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.config_checks import set_data_root
from mmseg_multipath.utils.signals import stop_on_signals
from mmseg_multipath.utils.work_dir_lock import lock_work_dir


def parse_args():
    parser = argparse.ArgumentParser(description='Train a segmentor')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume', nargs='?', type=str, const='auto',
        help='resume from the given checkpoint, or (no value) from the latest '
        'checkpoint in the work dir')
    parser.add_argument(
        '--amp', action='store_true', default=False,
        help='mixed precision: bfloat16 autocast on a CPU with native bf16 '
        '(AVX-512 BF16 / AMX; float32, said in one line, on other CPUs), '
        'float16 with a loss scaler on CUDA')
    parser.add_argument(
        '--amp-dtype', choices=['float16', 'bfloat16'], default=None,
        help='with --amp: bfloat16 on CUDA instead of float16 (the CPU '
        'always uses bfloat16)')
    parser.add_argument('--data-root', metavar='DIR',
                        help='data_root of every split (train, val, test)')
    parser.add_argument(
        '--tensorboard', action='store_true',
        help='also log to TensorBoard (WORK_DIR/TIMESTAMP/vis_data, next to '
        'the scalars.json that plot_logs.py reads)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=CfgOptionsAction,
        help='override settings in the config, key=value (e.g. '
        'train_cfg.max_iters=100 model.decode_head.num_classes=11)')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm',
                                               'mpi'], default='none',
                        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def add_tensorboard(cfg):
    """TensorboardVisBackend beside the config's backends (LocalVisBackend,
    whose scalars.json plot_logs.py reads, stays)."""
    vis = cfg.setdefault('visualizer', dict(type='SegLocalVisualizer'))
    backends = list(vis.get('vis_backends') or [dict(type='LocalVisBackend')])
    if not any(b.get('type') == 'TensorboardVisBackend' for b in backends):
        backends.append(dict(type='TensorboardVisBackend'))
    vis['vis_backends'] = backends


def prepare_resume(cfg, resume):
    """Resolve ``--resume [PATH]`` to a readable checkpoint and restore its
    seed before the runner builds the data loaders (mmengine restores it
    only after, so a config without a seed would resume on other data).
    Returns ``(iteration, checkpoint)``, ``(None, None)`` without
    --resume."""
    if not resume:
        return None, None
    if resume == 'auto':
        path, ckpt = find_resume_checkpoint(cfg.work_dir)
    else:
        path, ckpt = resume, read_checkpoint(resume, '--resume checkpoint')
    cfg.resume, cfg.load_from = True, path
    meta = checkpoint_meta(ckpt)
    if meta.get('seed') is not None:
        cfg.randomness = dict(cfg.get('randomness') or {}, seed=meta['seed'])
    return meta.get('iter'), ckpt


def check_resume_fits(runner, ckpt, path):
    """--resume onto a config of another model or class count: one line
    naming the checkpoint and the first mismatched key."""
    if ckpt is not None:
        check_state_dict_fits(
            runner.model, state_dict_of(ckpt), path,
            'load_from=CHECKPOINT without --resume (a new run from the '
            "checkpoint's weights, mmengine's partial load)")


def main():
    args = parse_args()
    check_config_path(args.config)

    cfg = load_run_config(args.config, args.cfg_options, args.work_dir,
                          args.launcher)
    if args.data_root:
        set_data_root(cfg, args.data_root)
    if args.amp or args.amp_dtype:

        print_log(use_amp_optim_wrapper(cfg.optim_wrapper, get_device(),
                                        args.amp_dtype), logger='current')
    if args.tensorboard:
        add_tensorboard(cfg)
    check_config_keys(cfg)
    resumed_iter, resumed = prepare_resume(cfg, args.resume)
    if resumed_iter is None and cfg.get('load_from'):
        check_checkpoint_file(cfg.load_from, 'load_from checkpoint')
    setup_cpu_distributed(cfg, args.launcher)

    max_iters = cfg.get('train_cfg', {}).get('max_iters')
    if resumed_iter is not None and max_iters is not None and \
            resumed_iter >= max_iters:
        # nothing left to train; the run's last validation may not have
        # run (it crashed during it): load the weights and run it now
        if not cfg.get('val_dataloader'):
            print_log(f'--resume: {cfg.load_from} is at the last iteration '
                      f'({resumed_iter}); nothing to train and no '
                      'validation in the config', logger='current',
                      level=logging.WARNING)
            return
        print_log(f'--resume: {cfg.load_from} is at the last iteration '
                  f'({resumed_iter}); nothing to train, running the final '
                  'validation', logger='current', level=logging.WARNING)
        cfg.resume = False
        runner = build_runner(cfg)
        check_resume_fits(runner, resumed, cfg.load_from)
        runner.val()
        return
    if int(os.environ.get('RANK', '0')) == 0:
        # held until the process ends, however it ends
        lock = lock_work_dir(cfg.work_dir)  # noqa: F841
    runner, stopped = None, None
    try:
        with stop_on_signals() as stopped:
            runner = build_runner(cfg)
            check_resume_fits(runner, resumed, cfg.load_from)
            resumed = None
            runner.train()
    except BaseException as e:
        # a signal raises KeyboardInterrupt wherever the run is; code that
        # catches everything (mmengine formats the config for a checkpoint
        # inside a bare except) turns it into another error: the recorded
        # signal decides
        signum = stopped.signum if stopped is not None else None
        if signum is None and isinstance(e, KeyboardInterrupt):
            signum = signal.SIGINT
        if signum is not None:
            print('\n' + interrupted_message(signum, runner, cfg),
                  file=sys.stderr)
            sys.exit(128 + signum)
        if isinstance(e, OSError) and e.errno == errno.ENOSPC and \
                not e.filename:
            raise OSError(
                e.errno, f'No space left on device while writing to '
                f'"{osp.abspath(cfg.work_dir)}" (checkpoints and logs) at '
                f'iteration {runner.iter + 1}; checkpoints saved before are '
                'intact, free space and resume with --resume') from None
        raise


def interrupted_message(signum, runner, cfg) -> str:
    """The one line after SIGINT / SIGTERM: where the run stopped and
    what is true of its work dir: the checkpoint ``--resume`` takes, or
    none yet (the run starts over; when the first one is written)."""
    work_dir = osp.abspath(cfg.work_dir)
    where = f' at iteration {runner.iter + 1}' if runner else ''
    head = f'interrupted by {signal.Signals(signum).name}{where}'
    saved = [p for p in resume_candidates(work_dir) if osp.isfile(p)]
    if saved:
        return (f'{head}; checkpoints in "{work_dir}" are kept (newest '
                f'{osp.basename(saved[0])}): resume with --resume')
    hook = (cfg.get('default_hooks') or {}).get('checkpoint') or {}
    every = hook.get('interval') if isinstance(hook, dict) else None
    unit = 'epoch' if isinstance(hook, dict) and hook.get('by_epoch') \
        else 'iteration'
    first = f' (the first is written at {unit} {every})' \
        if isinstance(every, int) and every > 0 else ''
    return (f'{head}, before the first checkpoint{first}: nothing in '
            f'"{work_dir}" to resume from, the same command starts the run '
            'over')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main, keeps_checkpoints=True)
