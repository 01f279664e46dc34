"""Test a checkpoint: ``python tools/test.py CONFIG CHECKPOINT [...]``,
or a deployed model: ``python tools/test.py CONFIG --deployed model.xml``.

mmseg's test tool with the plugin's fixes: checkpoints load safely under
torch >= 2.6, ``--show-dir`` saves a colour overlay of *every* prediction
(``--show-interval N`` for every N-th), CPU DDP via torchrun, and one clear
error line for bad input. ``--deployed FILE`` tests an OpenVINO IR
(``export_openvino.py``) or ONNX file (``export_onnx.py``) in place of the
PyTorch model, in the same loop with the same evaluator
(``DeployedSegmentor``); ``--data-root DIR`` points every split at DIR.
The runner is the config's (``runner_type``), built as mmseg's tool builds
it.
"""
import argparse
import os
import os.path as osp
import signal
import sys

from mmengine.device import get_device
from mmengine.logging import print_log

import mmseg_multipath  # noqa: F401
from mmseg_multipath.apis import deployed_config
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline
from mmseg_multipath.engine import build_runner
from mmseg_multipath.utils import (check_config_keys, check_config_path,
                                   load_run_config, setup_cpu_distributed)
from mmseg_multipath.utils.autocast import amp_for_inference
from mmseg_multipath.utils.checkpoints import (check_state_dict_finite,
                                               check_state_dict_fits,
                                               read_checkpoint, state_dict_of)
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.config_checks import set_data_root
from mmseg_multipath.utils.signals import stop_on_signals


def parse_args():
    parser = argparse.ArgumentParser(
        description='Test (and eval) a segmentation model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', nargs='?',
                        help='checkpoint file (not with --deployed)')
    parser.add_argument(
        '--deployed', metavar='FILE',
        help='test a deployed model instead of a checkpoint: an OpenVINO IR '
        '(.xml, tools/deployment/export_openvino.py) or an ONNX file '
        '(.onnx, tools/deployment/export_onnx.py) of this config')
    parser.add_argument(
        '--deployed-precision', choices=['fp32', 'bf16'], default=None,
        help='with --deployed (OpenVINO): compile in this precision instead '
        'of the one the file records')
    parser.add_argument('--threads', type=int, default=None,
                        help='with --deployed: the runtime\'s threads')
    parser.add_argument('--data-root', metavar='DIR',
                        help='data_root of every split (train, val, test)')
    parser.add_argument('--work-dir', help='the dir to save logs and metrics')
    parser.add_argument(
        '--out', type=str,
        help='dir to save the raw predictions (label PNGs); with '
        'format_only in the evaluator, only these are written')
    parser.add_argument(
        '--format-only', action='store_true',
        help='with --out: only write the prediction PNGs (no labels needed, '
        'no metrics), e.g. for the ADE20K (values 1..150) or PASCAL Context '
        'test sets')
    parser.add_argument('--show', action='store_true',
                        help='show prediction results (needs a display)')
    parser.add_argument('--show-dir',
                        help='dir to save colour overlays of the predictions '
                        '(with a class legend); a relative path is taken from '
                        'the current directory')
    parser.add_argument('--show-gt', action='store_true',
                        help='with --show-dir: also save the prediction '
                        'beside the ground truth ({stem}_compare.png)')
    parser.add_argument('--show-interval', type=int, default=1,
                        help='with --show-dir: save every N-th image '
                        '(default: all)')
    parser.add_argument('--wait-time', type=float, default=2,
                        help='the interval of show (s)')
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction,
                        help='override settings in the config, key=value')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm',
                                               'mpi'], default='none',
                        help='job launcher')
    parser.add_argument('--tta', action='store_true',
                        help='test-time augmentation (the config\'s '
                        'tta_pipeline: multi-scale + flip)')
    parser.add_argument(
        '--allow-partial', action='store_true',
        help='load a checkpoint that does not fit the model exactly (missing,'
        ' unexpected or mis-shaped keys are skipped with a warning); by '
        'default such a checkpoint stops the test')
    parser.add_argument(
        '--amp', action='store_true',
        help='test in mixed precision (mmengine TestLoop(fp16=True)): '
        'bfloat16 autocast on a CPU with native bf16, float16 on CUDA; '
        'float32, said in one line, on other CPUs')
    parser.add_argument(
        '--fuse-conv-bn', action='store_true',
        help='fold eval-mode BN into the conv that feeds it before testing '
        '(FoldConvBNHook: pairs found from a probe forward pass; the same '
        'labels, faster inference)')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if (args.checkpoint is None) == (args.deployed is None):
        parser.error('give a CHECKPOINT or --deployed FILE (one of them)')
    if args.deployed:
        for flag in ('tta', 'amp', 'fuse_conv_bn', 'allow_partial'):
            if getattr(args, flag):
                parser.error(f'--{flag.replace("_", "-")} applies to a '
                             'PyTorch checkpoint, not to --deployed (its '
                             'precision is the file\'s or '
                             '--deployed-precision)')
    elif args.deployed_precision or args.threads:
        parser.error('--deployed-precision and --threads need --deployed')
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def main():
    args = parse_args()
    check_config_path(args.config, args.checkpoint)
    ckpt = None
    if args.checkpoint and '://' not in args.checkpoint:
        ckpt = read_checkpoint(args.checkpoint)
        check_state_dict_finite(state_dict_of(ckpt), args.checkpoint)

    cfg = load_run_config(args.config, args.cfg_options, args.work_dir,
                          args.launcher)
    if args.data_root:
        set_data_root(cfg, args.data_root)
    cfg.load_from = args.checkpoint
    if args.deployed:
        cfg = deployed_config(cfg, args.deployed, args.deployed_precision,
                              args.threads)
        cfg.load_from = None
    if args.show or args.show_dir:
        hooks = [h for h in cfg.get('custom_hooks', [])
                 if h.get('type') != 'SegOverlayHook']
        hooks.append(dict(type='SegOverlayHook',
                          out_dir=osp.abspath(args.show_dir or 'show'),
                          interval=args.show_interval,
                          with_gt=args.show_gt))
        cfg.custom_hooks = hooks
        if args.show:
            vis = cfg.default_hooks.get('visualization')
            if vis is not None:
                vis.update(draw=True, show=True, wait_time=args.wait_time)
    if args.tta:
        cfg.test_dataloader.dataset.pipeline = cfg.tta_pipeline
        cfg.tta_model.module = cfg.model
        cfg.model = cfg.tta_model
    if args.out is not None:
        # (mmseg's tools/test.py also sets keep_results, which mmseg 1.x's
        # IoUMetric swallows unused; the evaluator key check refuses it)
        cfg.test_evaluator['output_dir'] = args.out
    if args.format_only:
        if args.out is None:
            raise ValueError('--format-only needs --out DIR for the PNGs')
        if 'Cityscapes' in str(cfg.test_dataloader.dataset.get('type')):
            raise ValueError(
                '--format-only on Cityscapes would write train ids (0-18) '
                'named *_leftImg8bit.png, which the evaluation server scores '
                'as label ids without an error; make the submission with '
                'tools/submission/cityscapes.py CONFIG CHECKPOINT -o '
                'cityscapes_test.zip (label ids, *_pred.png, original size)')
        cfg.test_evaluator['format_only'] = True
        # no labels on a test set: no label loading, in TTA groups too
        cfg.test_dataloader.dataset.pipeline = edit_pipeline(
            cfg.test_dataloader.dataset.pipeline, strict=False,
            LoadAnnotations=None, CheckedLoadAnnotations=None)
    if args.fuse_conv_bn:
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='FoldConvBNHook')]
    if args.amp:
        enabled, why = amp_for_inference(get_device())
        print_log(why, logger='current')
        cfg.test_cfg = dict(cfg.get('test_cfg') or dict(type='TestLoop'),
                            fp16=enabled)
    check_config_keys(cfg)
    setup_cpu_distributed(cfg, args.launcher)

    stopped = None
    try:
        with stop_on_signals() as stopped:
            runner = build_runner(cfg)
            if ckpt is not None and not args.allow_partial:
                model = runner.model.module if args.tta else runner.model
                check_state_dict_fits(getattr(model, 'module', model),
                                      state_dict_of(ckpt), args.checkpoint,
                                      '--allow-partial')
            del ckpt
            runner.test()
    except KeyboardInterrupt:
        signum = (stopped.signum if stopped is not None else None) or \
            signal.SIGINT
        print(f'\ninterrupted by {signal.Signals(signum).name} during the '
              'test: no metric was computed (it needs every image); run the '
              'same command again', file=sys.stderr)
        sys.exit(128 + signum)


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
