"""What a deployed model file says about itself, and the check against a
config.

A deployed segmentor (an OpenVINO IR ``.xml`` + ``.bin`` or an ONNX file)
carries one JSON record: ``classes``, ``palette``, ``input_shape`` ([H, W],
or None where height and width are dynamic), ``output`` ('labels' or
'logits'), ``precision`` ('fp32', 'bf16' or 'int8'), ``align_corners``, the
``config`` and ``checkpoint`` file names it was exported from and the
toolbox version. It is stored in the IR's runtime info (key
``mmseg_multipath/meta``) or the ONNX file's ``metadata_props`` (key
``mmseg_multipath``), so the file cannot be separated from it.

:func:`check_fits` refuses, in one line naming the file, a deployed model
whose classes are not the config's (another data set or class count).
"""
import json
import os.path as osp
from typing import Optional, Sequence

from ..version import __version__

META_KEY = 'mmseg_multipath'
OUTPUTS = ('labels', 'logits')
PRECISIONS = ('fp32', 'bf16', 'int8')


def make_meta(segmentor, *, config: str, checkpoint: Optional[str],
              input_shape: Optional[Sequence[int]], output: str,
              precision: str) -> dict:
    """The record of a segmentor exported from ``config`` and
    ``checkpoint`` (file names only: no path of the exporting machine)."""
    if output not in OUTPUTS:
        raise ValueError(f'output must be one of {OUTPUTS}, got {output!r}')
    if precision not in PRECISIONS:
        raise ValueError(f'precision must be one of {PRECISIONS}, got '
                         f'{precision!r}')
    meta = dict(getattr(segmentor, 'dataset_meta', None) or {})
    num_classes = segmentor.decode_head.num_classes
    classes = list(meta.get('classes') or range(num_classes))
    palette = [list(map(int, c)) for c in meta.get('palette') or []]
    return dict(classes=[str(c) for c in classes], palette=palette,
                num_classes=num_classes,
                input_shape=None if input_shape is None else
                [int(s) for s in input_shape],
                output=output, precision=precision,
                align_corners=bool(segmentor.align_corners),
                config=osp.basename(config),
                checkpoint=osp.basename(checkpoint) if checkpoint else None,
                mmseg_multipath=__version__)


def to_text(meta: dict) -> str:
    return json.dumps(meta, sort_keys=True)


def from_text(text: str, path: str) -> dict:
    try:
        meta = json.loads(text)
    except ValueError:
        raise ValueError(f'deployed model "{path}": its {META_KEY} record is '
                         'not JSON') from None
    missing = [k for k in ('classes', 'num_classes', 'output', 'precision')
               if k not in meta]
    if missing:
        raise ValueError(f'deployed model "{path}": its {META_KEY} record '
                         f'lacks {missing}')
    return meta


def write_onnx_meta(path: str, meta: dict) -> None:
    """Store ``meta`` in the ONNX file's ``metadata_props`` (key
    :data:`META_KEY`); the weights in ``.onnx.data`` are not touched."""
    import onnx
    model = onnx.load(path, load_external_data=False)
    for prop in list(model.metadata_props):
        if prop.key == META_KEY:
            model.metadata_props.remove(prop)
    entry = model.metadata_props.add()
    entry.key, entry.value = META_KEY, to_text(meta)
    onnx.save(model, path)


def check_fits(meta: dict, path: str, classes: Optional[Sequence] = None,
               num_classes: Optional[int] = None,
               config: Optional[str] = None) -> None:
    """ValueError in one line when the deployed model at ``path`` predicts
    other classes than the config (``config`` names it in the message)."""
    where = f' of config "{config}"' if config else ''
    if num_classes is not None and meta['num_classes'] != num_classes:
        raise ValueError(
            f'deployed model "{path}" predicts {meta["num_classes"]} classes '
            f'(exported from {meta.get("config")}), the model{where} '
            f'predicts {num_classes}: export it from this config')
    if classes is not None and list(map(str, classes)) != meta['classes']:
        raise ValueError(
            f'deployed model "{path}" was exported for the classes '
            f'{meta["classes"][:4]}... (from {meta.get("config")}), the '
            f'data set{where} has {list(classes)[:4]}...: export it from '
            'this config')


__all__ = ['META_KEY', 'OUTPUTS', 'PRECISIONS', 'make_meta', 'to_text',
           'from_text', 'write_onnx_meta', 'check_fits']
