"""Export a whole segmentor to an OpenVINO IR (fp32, bf16 or int8).

Usage::

    python tools/deployment/export_openvino.py CONFIG CHECKPOINT -o DIR
        [--precision fp32|bf16|int8] [--shape H W | --dynamic]
        [--graph-output labels|logits] [--calib-num 300]
        [--calib-split train] [--preset mixed|performance]
        [--ignore NODE ...] [--data-root DIR] [--cfg-options k=v ...]

Writes ``DIR/model.xml`` and ``DIR/model.bin``: the segmentor with its data
preprocessor inside, as ``export_onnx.py`` exports it. The graph takes a
float (1, 3, H, W) of 0..255 pixel values in the loaded image's channel
order (BGR from OpenCV), after the test pipeline's resize, and returns the
labels (1, H, W) (default; ``--graph-output logits``: (1, C, H, W)).
H, W default to the test pipeline's resize scale (``--shape`` to choose,
``--dynamic`` for any size, compiled per size at run time). The file
records the classes, palette, shape and precision it was made for; a
config of other classes refuses it.

Precision: ``fp32`` and ``bf16`` write the same float32 weights; the
record tells the runtime to compile in f32 or bf16 (native on CPUs with
AVX-512 BF16 or AMX). ``int8`` is NNCF post-training quantization
calibrated on ``--calib-num`` real images of the config's ``--calib-split``
split through its test pipeline (so the data must be there: ``--data-root``
points every split at it); ``--ignore`` keeps named nodes in floating point.

The checkpoint must fit the config's model exactly (``--allow-partial`` to
load only what fits), as in ``tools/test.py``. Run the result with
``tools/test.py CONFIG --deployed DIR/model.xml`` (mIoU from mmseg's
evaluator), ``tools/predict.py CONFIG --deployed DIR/model.xml ...`` or
``mmseg_multipath.apis.deployed_config``. Needs ``pip install -e .[deploy]``.
"""
import argparse
import os
import os.path as osp
import time

import mmseg_multipath  # noqa: F401
from mmseg_multipath.apis import build_eval_segmentor, load_config
from mmseg_multipath.deployment.calibration import calibration_images
from mmseg_multipath.deployment.metadata import make_meta
from mmseg_multipath.deployment.openvino_export import convert, quantize, save
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.config_checks import set_data_root


def parse_args():
    p = argparse.ArgumentParser(
        description='Export a segmentor to an OpenVINO IR',
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='input: float (1, 3, H, W), 0..255, the loaded image\'s '
        'channel order (BGR), after the test pipeline\'s resize')
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('-o', '--out-dir', required=True,
                   help='folder for model.xml and model.bin')
    p.add_argument('--precision', choices=['fp32', 'bf16', 'int8'],
                   default='bf16')
    p.add_argument('--shape', type=int, nargs=2, metavar=('H', 'W'),
                   help='input height and width (default: the test '
                   'pipeline\'s resize scale)')
    p.add_argument('--dynamic', action='store_true',
                   help='any input height and width')
    p.add_argument('--graph-output', choices=['labels', 'logits'],
                   default='labels',
                   help='what the graph returns (labels: argmax inside, '
                   'the fastest; logits: what --tta and seg_logits need)')
    p.add_argument('--calib-num', type=int, default=300,
                   help='int8: calibration images (default 300)')
    p.add_argument('--calib-split', default='train',
                   choices=['train', 'val', 'test'],
                   help='int8: the split the calibration images come from')
    p.add_argument('--preset', choices=['mixed', 'performance'],
                   default='mixed',
                   help='int8: NNCF preset (mixed: asymmetric activations)')
    p.add_argument('--ignore', nargs='+', default=None, metavar='NODE',
                   help='int8: node names NNCF leaves in floating point')
    p.add_argument('--data-root',
                   help='data_root of every split (for calibration)')
    p.add_argument('--allow-partial', action='store_true',
                   help='load a checkpoint that does not fit the model '
                   'exactly: only what fits is loaded')
    p.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    args = p.parse_args()
    if args.calib_num < 1:
        p.error(f'--calib-num must be at least 1, got {args.calib_num}')
    if args.shape and args.dynamic:
        p.error('--shape and --dynamic exclude each other')
    if args.shape and min(args.shape) < 32:
        p.error(f'--shape {args.shape[0]} {args.shape[1]}: height and width '
                'must be at least 32')
    return args


def test_scale(cfg):
    """(H, W) of the test pipeline's Resize, or None."""
    for t in cfg.test_dataloader.dataset.pipeline:
        if t.get('type') in ('Resize', 'mmcv.Resize') and t.get('scale'):
            w, h = t['scale']
            return int(h), int(w)
    return None


def main():
    args = parse_args()
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint "{args.checkpoint}" does not '
                                'exist')
    cfg = load_config(args.config, args.checkpoint, args.cfg_options)
    if args.data_root:
        set_data_root(cfg, args.data_root)
    shape = tuple(args.shape) if args.shape else test_scale(cfg)
    if shape is None:
        raise ValueError(f'config "{args.config}" has no Resize with a scale '
                         'in its test pipeline: give --shape H W')
    model = build_eval_segmentor(cfg, args.checkpoint, None,
                                 args.allow_partial)
    labels = args.graph_output == 'labels'
    t0 = time.time()
    ov_model = convert(model, shape, labels, args.dynamic)
    print(f'converted {osp.basename(args.config)} '
          f'({"any H x W" if args.dynamic else "%dx%d" % shape}, '
          f'{args.graph_output}) in {time.time() - t0:.1f} s', flush=True)
    if args.precision == 'int8':
        t0 = time.time()
        images = calibration_images(cfg, args.calib_num, shape,
                                    args.calib_split)
        ov_model = quantize(ov_model, images, args.calib_num, args.ignore,
                            args.preset)
        print(f'quantized to int8 on {args.calib_num} {args.calib_split} '
              f'images in {time.time() - t0:.1f} s', flush=True)
    meta = make_meta(model, config=args.config, checkpoint=args.checkpoint,
                     input_shape=None if args.dynamic else shape,
                     output=args.graph_output, precision=args.precision)
    os.makedirs(args.out_dir, exist_ok=True)
    out = osp.join(args.out_dir, 'model.xml')
    save(ov_model, meta, out)
    print(f'wrote {out} (+ model.bin), {args.precision}; test it with: '
          f'tools/test.py {args.config} --deployed {out}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
