"""Export a whole segmentor to ONNX and check it against PyTorch.

Usage::

    python tools/deployment/export_onnx.py CONFIG [CHECKPOINT]
        [-o model.onnx] [--shape 512 1024] [--static] [--graph-output logits]
        [--check] [--opset 18]

The exported graph takes what mmseg's test pipeline feeds the model after
loading and resizing: a float tensor (N, 3, H, W) of 0..255 pixel values in
the channel order of the loaded image (BGR from OpenCV); it applies the
model's data preprocessor (channel flip, mean/std) itself, runs backbone
and decode head, and resizes the logits to (H, W). ``--graph-output labels``
appends the argmax (int64 (N, H, W)). Height and width are dynamic unless
``--static`` (models whose layers need fixed sizes should use it).

The file records the classes, palette, input shape and output
(``metadata_props``, key ``mmseg_multipath``), so that ``tools/test.py
CONFIG --deployed model.onnx`` can run it in mmseg's test loop and refuse it
for a config of other classes. The weights go to ``model.onnx.data`` beside
the graph (torch's exporter writes them there; keep the two together).

``--check`` runs onnxruntime on a random input (and, for dynamic exports,
on a second input of another size) and compares with PyTorch: logits must
agree to 1e-3 (labels: on 99.9% of pixels, argmax ties aside). The
tests compare the graph's labels with mmseg's own ``test_step`` on a real
image (tests/test_deployment/test_export_onnx.py).

Configs that test with sliding windows (``test_cfg.mode='slide'``, e.g.
the Cityscapes configs) are exported as whole-image inference; the tool
says so, since labels then differ from ``tools/test.py`` at inputs larger
than the crop.
"""
import argparse
import os.path as osp
import sys

import numpy as np
import torch

import mmseg_multipath  # noqa: F401
from mmseg_multipath.apis import build_eval_segmentor
from mmseg_multipath.deployment.export_wrapper import ExportWrapper
from mmseg_multipath.deployment.metadata import make_meta, write_onnx_meta
from mmseg_multipath.utils.cli import CfgOptionsAction


def export(model, out, shape, dynamic=True, labels=False, opset=18):
    """Export ``model`` (an mmseg segmentor) to ``out``; returns wrapper."""
    wrapper = ExportWrapper(model, labels).eval()
    x = torch.rand(1, 3, *shape) * 255
    kwargs = dict(input_names=['img'],
                  output_names=['labels' if labels else 'logits'],
                  opset_version=opset, dynamo=True)
    if dynamic:
        h, w = torch.export.Dim('height', min=32), torch.export.Dim(
            'width', min=32)
        kwargs['dynamic_shapes'] = {'img': {2: h, 3: w}}
    with torch.no_grad():
        torch.onnx.export(wrapper, (x, ), out, **kwargs)
    return wrapper


def check(wrapper, out, shapes, labels=False):
    """Largest |onnx - torch| over the given input shapes, relative to the
    logits' scale max(1, max |torch|) (randomly initialised deep models
    reach logits of 1e4 and more, where float32 rounding alone exceeds an
    absolute 1e-3); with ``labels``: the share of differing pixels."""
    import onnxruntime as ort
    sess = ort.InferenceSession(out, providers=['CPUExecutionProvider'])
    worst = 0.0
    for shape in shapes:
        x = torch.rand(1, 3, *shape) * 255
        with torch.no_grad():
            ref = wrapper(x).numpy()
        got = sess.run(None, {'img': x.numpy()})[0]
        if got.shape != ref.shape:
            raise AssertionError(f'ONNX output {got.shape} != PyTorch '
                                 f'{ref.shape} for input {shape}')
        diff = float(np.mean(got != ref)) if labels else float(
            np.abs(got - ref).max() / max(1.0, float(np.abs(ref).max())))
        worst = max(worst, diff)
    return worst


def main():
    parser = argparse.ArgumentParser(description='Export to ONNX')
    parser.add_argument('config')
    parser.add_argument('checkpoint', nargs='?')
    parser.add_argument('-o', '--out', default='model.onnx')
    parser.add_argument('--shape', type=int, nargs=2, default=[512, 1024])
    parser.add_argument('--static', action='store_true')
    parser.add_argument('--graph-output', choices=['logits', 'labels'],
                        default='logits',
                        help='what the graph returns (-o/--out is the file)')
    parser.add_argument('--opset', type=int, default=18)
    parser.add_argument('--check', action='store_true')
    parser.add_argument(
        '--allow-partial', action='store_true',
        help='load a checkpoint that does not fit the model exactly (other '
        'model or class count): only what fits is loaded')
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    args = parser.parse_args()
    if min(args.shape) < 32:
        # below the 1/32 feature maps of the deepest stages a torch.export
        # traceback of 135 lines would follow
        parser.error(f'--shape {args.shape[0]} {args.shape[1]}: height and '
                     'width must be at least 32')
    if args.checkpoint and not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint "{args.checkpoint}" does not '
                                'exist')
    labels = args.graph_output == 'labels'
    model = build_eval_segmentor(args.config, args.checkpoint,
                                 args.cfg_options, args.allow_partial)
    test_cfg = model.test_cfg or {}
    if test_cfg.get('mode') == 'slide':
        print(f'WARNING: {args.config} tests with sliding windows (crop '
              f'{tuple(test_cfg["crop_size"])}, stride '
              f'{tuple(test_cfg["stride"])}); the exported graph runs the '
              'whole image at once, like test_cfg.mode=whole. Its labels '
              'can differ from tools/test.py at inputs larger than the '
              'crop; to compare like with like, test with --cfg-options '
              'model.test_cfg.mode=whole, or export at the crop size and '
              'slide the windows in your application.', file=sys.stderr)
    wrapper = export(model, args.out, args.shape, not args.static, labels,
                     args.opset)
    write_onnx_meta(args.out, make_meta(
        model, config=args.config, checkpoint=args.checkpoint,
        input_shape=args.shape if args.static else None,
        output=args.graph_output, precision='fp32'))
    print(f'exported {args.out} ({"static" if args.static else "dynamic"} '
          f'H, W; output {args.graph_output})')
    if args.check:
        h, w = args.shape
        shapes = [(h, w)] if args.static else [(h, w), (h + 32, w - 32)]
        diff = check(wrapper, args.out, shapes, labels)
        limit = 1e-3
        what = 'share of differing labels' if labels else 'relative |diff|'
        print(f'onnxruntime vs PyTorch on {shapes}: max {what} '
              f'{diff:.2e} (limit {limit:g})')
        if diff > limit:
            raise ValueError(f'ONNX output differs from PyTorch by {diff}')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
