"""Predict label maps for images and render them in colour.

Usage::

    python tools/predict.py CONFIG CHECKPOINT INPUT [INPUT ...] -o OUT_DIR
        [--alpha 0.5] [--device cpu] [--amp] [--fuse-conv-bn]
        [--show-interval 1] [--cfg-options ...]
    python tools/predict.py CONFIG --deployed model.xml INPUT [...] -o OUT

INPUT is an image, a folder (searched recursively for .png/.jpg/.jpeg/
.bmp/.tif) or a video file (.mp4/.avi/.mov/.mkv/.webm). ``--deployed FILE``
predicts with an OpenVINO IR or ONNX file of the config
(``tools/deployment/export_openvino.py``, ``export_onnx.py``) instead of a
checkpoint, through the same mmseg inference path
(``mmseg.apis.inference_model`` on a ``DeployedSegmentor``). A video gives
``{name}_overlay.mp4``: every frame with its colour overlay and a legend of
all classes below (one size for the whole video), at the video's frame
rate. The last line gives the frames per second reached end to end
(decode, resize, model, overlay, encode and write). For every image, OUT_DIR
gets ``{name}_label.png`` (raw class
indices, single channel), ``{name}_color.png`` (the data set's palette) and
``{name}_overlay.png`` (colours blended on the image, a legend of the
classes present below it). OUT_DIR mirrors the
inputs' folder tree below their common folder, so images of the same name
in different folders do not overwrite each other; ``{name}`` is the file
name without its extension, or with it (``a_jpg``) where two inputs differ
only in the extension. All images are written unless ``--show-interval N`` asks
for every N-th. Each file appears only when complete (written under a
temporary name, then renamed); a write that fails (full disk, file-size
limit) ends the run with one line naming the file. A second run into an
OUT_DIR that a run is writing stops at once, naming it; a symbolic link in
OUT_DIR that leads out of it is refused, never written through.
Images above ``--max-megapixels`` (40) are refused, by their header,
before anything runs. ``--amp`` predicts under autocast (bfloat16 on a
CPU with native bf16, float16 on CUDA); ``--fuse-conv-bn`` folds eval-mode
BN into the convs first (same labels, faster). Progress bar with ETA.
Images are read as stored (EXIF orientation is not applied), in the BGR
order of the test pipelines, so predictions have the stored size.
"""
import argparse
import os
import os.path as osp
import time
from collections import Counter

import cv2
import mmcv
import numpy as np
import torch
from mmseg.apis import inference_model, init_model
from PIL import Image

import mmseg_multipath  # noqa: F401
from mmseg_multipath.apis import (deployed_config, load_config,
                                  load_inference_model)
from mmseg_multipath.models.fold_conv_bn import fold_segmentor
from mmseg_multipath.utils.autocast import amp_for_inference, inference_dtype
from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.files import check_output_inside, write_image
from mmseg_multipath.utils.progress import progress_bar
from mmseg_multipath.utils.work_dir_lock import lock_folder
from mmseg_multipath.visualization import (colorize, legend, overlay,
                                           with_legend)

IMG_EXTS = ('.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff')
MAX_MEGAPIXELS = 40.0
VIDEO_EXTS = ('.mp4', '.avi', '.mov', '.mkv', '.webm')


def parse_args():
    parser = argparse.ArgumentParser(
        description='Predict and render',
        usage='%(prog)s CONFIG [CHECKPOINT] INPUT [INPUT ...] -o OUT_DIR '
        '[--deployed FILE] [options]')
    parser.add_argument('config')
    parser.add_argument(
        'paths', nargs='+', metavar='CHECKPOINT INPUT',
        help='the checkpoint, then images, folders or videos (with '
        '--deployed: the inputs only)')
    parser.add_argument('-o', '--out-dir', required=True)
    parser.add_argument(
        '--deployed', metavar='FILE',
        help='predict with an OpenVINO IR (.xml) or ONNX file (.onnx) of '
        'this config instead of a checkpoint')
    parser.add_argument('--threads', type=int, default=None,
                        help='with --deployed: the runtime\'s threads')
    parser.add_argument('--alpha', type=float, default=0.5,
                        help='weight of the colours in the overlay')
    parser.add_argument('--show-interval', type=int, default=1,
                        help='write every N-th image (default: all)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--max-megapixels', type=float, default=MAX_MEGAPIXELS,
        help='refuse larger images (default %(default)s: prediction holds '
        'about 0.12 GB per megapixel; an 8000x8000 PNG took 7.3 GB)')
    parser.add_argument(
        '--amp', action='store_true',
        help='predict under autocast: bfloat16 on a CPU with native bf16, '
        'float16 on CUDA (float32, said in one line, on other CPUs)')
    parser.add_argument(
        '--fuse-conv-bn', action='store_true',
        help='fold eval-mode BN into the conv that feeds it (pairs found '
        'from a probe forward pass; the same labels, faster)')
    parser.add_argument(
        '--allow-partial', action='store_true',
        help='load a checkpoint that does not fit the model exactly (other '
        'model or class count): only what fits is loaded')
    parser.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    args = parser.parse_intermixed_args()  # options among the paths too
    if args.deployed:
        args.checkpoint, args.inputs = None, args.paths
        for flag in ('amp', 'fuse_conv_bn', 'allow_partial'):
            if getattr(args, flag):
                parser.error(f'--{flag.replace("_", "-")} applies to a '
                             'PyTorch checkpoint, not to --deployed')
    elif len(args.paths) < 2:
        parser.error('give CHECKPOINT and at least one INPUT (or '
                     '--deployed FILE and the inputs)')
    else:
        args.checkpoint, args.inputs = args.paths[0], args.paths[1:]
    return args


def is_video(path):
    return osp.isfile(path) and path.lower().endswith(VIDEO_EXTS)


def collect_images(inputs):
    """Image files from a list of files and folders, in a stable order."""
    files = []
    for path in inputs:
        if osp.isdir(path):
            for root, _, names in sorted(os.walk(path)):
                files += [osp.join(root, n) for n in sorted(names)
                          if n.lower().endswith(IMG_EXTS)]
        elif osp.isfile(path):
            files.append(path)
        else:
            raise FileNotFoundError(f'input "{path}" does not exist')
    if not files:
        raise FileNotFoundError(f'no images ({", ".join(IMG_EXTS)}) in '
                                f'{inputs}')
    seen, unique = set(), []
    for f in files:  # the same file named twice is predicted once
        key = osp.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def check_image_size(path, max_megapixels):
    """ValueError naming ``path`` and its size when it holds more than
    ``max_megapixels`` (read from the header, before any decoding: a PNG
    bomb of 40000x40000 is refused without allocating it)."""
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:  # PIL's own bomb limit off: the size is judged here
        with Image.open(path) as img:
            w, h = img.size
    except OSError:
        return  # not for PIL to judge: the decoder names what is wrong
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    if w * h > max_megapixels * 1e6:
        raise ValueError(
            f'image "{path}" is {w}x{h} ({w * h / 1e6:.0f} megapixels), '
            f'above the limit of {max_megapixels:g}: predicting it would '
            f'take about {0.12 * w * h / 1e6:.0f} GB of memory; pass '
            '--max-megapixels N to lift the limit')


def output_names(files):
    """A distinct output path (without suffix) for every input file: the
    path below the inputs' common folder, extension dropped unless two
    inputs would then collide, and a number added where a name is still
    taken (``a.png``, ``a.jpg`` and ``a_png.png`` give ``a_png``, ``a_jpg``
    and ``a_png_2``); compared without case, so that no two outputs share a
    file on a case-insensitive file system either."""
    absolute = [osp.abspath(f) for f in files]
    common = osp.commonpath([osp.dirname(f) for f in absolute])
    stems = [osp.splitext(osp.relpath(f, common)) for f in absolute]
    counts = Counter(stem.lower() for stem, _ in stems)
    wanted = [stem + '_' + ext.lstrip('.').lower()
              if counts[stem.lower()] > 1 else stem for stem, ext in stems]
    taken, names = set(w.lower() for w in wanted), []
    used = set()
    for name in wanted:
        if name.lower() in used:
            k = 2
            while f'{name}_{k}'.lower() in taken | used:
                k += 1
            name = f'{name}_{k}'
        used.add(name.lower())
        names.append(name)
    return names


def load_model(args):
    """The PyTorch segmentor of CONFIG + CHECKPOINT, or the deployed one."""
    if args.deployed:
        cfg = load_config(args.config, cfg_options=args.cfg_options)
        model = init_model(deployed_config(cfg, args.deployed,
                                           num_threads=args.threads),
                           device=args.device)
        print(f'{args.deployed}: {model.runtime.why}')
        return model
    model, _ = load_inference_model(args.config, args.checkpoint,
                                    args.device, args.cfg_options,
                                    args.allow_partial)
    if args.fuse_conv_bn:
        print(f'folded {len(fold_segmentor(model))} conv -> BN pairs')
    return model


def predict_video(model, path, out, predict, args):
    """Overlay video of ``path`` at ``out`` (mp4); returns the frames."""
    palette = model.dataset_meta['palette']
    classes = model.dataset_meta['classes']
    cap = cv2.VideoCapture(path)
    if not cap.isOpened():
        raise ValueError(f'video "{path}" cannot be opened')
    fps = cap.get(cv2.CAP_PROP_FPS) or 25.0
    total = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
    bar = progress_bar(total) if total > 0 else None
    writer, strip, n = None, None, 0
    try:
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            label = predict(bgr)
            over = overlay(bgr[..., ::-1], label, palette, args.alpha)
            if strip is None:
                strip = legend(classes, palette, None, over.shape[1])
                h, w = over.shape[0] + strip.shape[0], over.shape[1]
                writer = cv2.VideoWriter(
                    out, cv2.VideoWriter_fourcc(*'mp4v'), fps, (w, h))
                if not writer.isOpened():
                    raise OSError(f'cannot write the video "{out}"')
            writer.write(np.ascontiguousarray(
                np.concatenate([over, strip], 0)[..., ::-1]))
            n += 1
            if bar:
                bar.update()
    finally:
        cap.release()
        if writer is not None:
            writer.release()
    if n == 0:
        raise ValueError(f'video "{path}" has no frames that can be decoded')
    if not osp.isfile(out) or osp.getsize(out) == 0:
        raise OSError(f'the video "{out}" was not written (full disk or a '
                      'file-size limit?)')
    return n


def predict_within_memory(predict, bgr, path):
    """``predict(bgr)``; running out of memory (a ``MemoryError``, or
    torch's allocator under ``ulimit -v``) ends in one line naming the
    image, its size and what lowers the need."""
    try:
        return predict(bgr)
    except (MemoryError, RuntimeError) as e:
        if isinstance(e, RuntimeError) and \
                "can't allocate memory" not in str(e):
            raise
        h, w = bgr.shape[:2]
        raise MemoryError(
            f'out of memory predicting "{path}" ({w}x{h}, '
            f'{w * h / 1e6:.1f} megapixels): free memory or lift the limit '
            '(ulimit -v), or predict a smaller copy of the image') from None


def main():
    args = parse_args()
    device_type = args.device.split(':')[0]
    dtype = inference_dtype(device_type)
    amp = False
    if args.amp:
        amp, why = amp_for_inference(device_type)
        print(why)
    videos = [p for p in args.inputs if is_video(p)]
    others = [p for p in args.inputs if not is_video(p)]
    files = collect_images(others)[::max(1, args.show_interval)] \
        if others else []
    for path in files:  # headers only: refused before anything runs
        check_image_size(path, args.max_megapixels)
    model = load_model(args)
    palette = model.dataset_meta['palette']
    classes = model.dataset_meta['classes']
    # one run per output folder: two at once would mix their outputs
    lock_folder(args.out_dir, 'a tools/predict.py run', '-o')

    def predict(bgr):
        with torch.autocast(device_type, dtype=dtype, enabled=amp):
            sample = inference_model(model, bgr)
        return sample.pred_sem_seg.data[0].cpu().numpy().astype(np.uint8)

    start, frames, written = time.perf_counter(), 0, 0
    if files:
        bar = progress_bar(len(files))
        for path, name in zip(files, output_names(files)):
            # BGR, as the test pipelines' LoadImageFromFile reads it (mmcv
            # applies channel_order='rgb' only to the flags 'color' and
            # 'grayscale', not to 'color_ignore_orientation')
            bgr = mmcv.imread(path, flag='color_ignore_orientation')
            if bgr is None:
                raise ValueError(f'image "{path}" cannot be decoded')
            label = predict_within_memory(predict, bgr, path)
            img = bgr[..., ::-1]  # RGB for the overlay
            out = osp.join(args.out_dir, name)
            over = with_legend(overlay(img, label, palette, args.alpha),
                               label, classes, palette)
            for suffix, pic in (('label', label),
                                ('color', colorize(label, palette)[..., ::-1]),
                                ('overlay', over[..., ::-1])):
                target = f'{out}_{suffix}.png'
                check_output_inside(target, args.out_dir)
                write_image(target, np.ascontiguousarray(pic))
                written += 1
            bar.update()
        frames += len(files)
        print(f'\n{len(files)} image(s), {written} file(s) written -> '
              f'{args.out_dir}')
    for path in videos:
        stem = osp.splitext(osp.basename(path))[0]
        out = osp.join(args.out_dir, f'{stem}_overlay.mp4')
        check_output_inside(out, args.out_dir)
        n = predict_video(model, path, out, predict, args)
        frames += n
        print(f'\n{n} frame(s) of {path} -> {out}')
    sec = time.perf_counter() - start
    print(f'{frames / sec:.1f} frames per second end to end ({frames} in '
          f'{sec:.1f} s: decode, resize, model, overlay, write)')


if __name__ == '__main__':
    from mmseg_multipath.utils.cli import run_cli
    run_cli(main)
