"""Edit an inherited MMSeg pipeline in a config, by transform type.

MMEngine's text configs replace an inherited list as a whole, so a config
that wants mmseg's Cityscapes pipeline with one transform changed would have
to restate all of it. These functions let a config say only what differs::

    _base_ = ['mmseg::_base_/datasets/cityscapes.py']
    from mmseg_multipath.datasets.edit_pipeline import checked_loaders

    train_pipeline = checked_loaders(_base_.train_pipeline, num_classes=19)

(``_base_`` must be assigned before the import, or MMEngine would read the
file as a pure-Python config.) The functions run while the config is parsed
and return plain lists of dicts, so the resolved config, its dump and
``--cfg-options`` see an ordinary pipeline.
"""
from typing import Any, Dict, List, Optional, Sequence

__all__ = ['edit_pipeline', 'checked_loaders', 'scale_tta']


def _plain(obj: Any) -> Any:
    """A deep copy made of plain dicts and lists (no ConfigDict scope)."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return tuple(_plain(v) for v in obj)
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    return obj


def edit_pipeline(pipeline: Sequence[dict],
                  *,
                  strict: bool = True,
                  **edits: Optional[Dict[str, Any]]) -> List[dict]:
    """A copy of ``pipeline`` with transforms changed by their ``type``.

    Args:
        pipeline: a list of transform dicts, e.g. ``_base_.train_pipeline``.
            The transform lists inside a ``TestTimeAug`` are edited too.
        **edits: what to do with every transform of type ``TypeName``:

            * ``TypeName=dict(...)`` updates its arguments (a ``type`` key
              replaces its class and keeps its other arguments);
            * ``TypeName=None`` removes it;
            * ``TypeName=[...]`` puts a sequence in its place: the dicts with
              a ``type`` are new transforms, a dict without one stands for
              the transform itself, updated with that dict's arguments
              (``[dict(type='RandomRotate', ...), dict()]`` inserts a
              rotation before it).

            Edits apply to the types of the input pipeline only. A
            ``TestTimeAug`` group left empty is dropped.
        strict (bool): raise if an edit names a type the pipeline does not
            hold (default), so that a misspelt name cannot pass silently.

    Returns:
        list[dict]: the edited pipeline; the input is left unchanged.

    Raises:
        KeyError: with ``strict``, an edit names a type that the pipeline
            does not hold.
    """
    used = set()

    def edit(steps: Sequence[dict]) -> List[dict]:
        out = []
        for step in steps:
            step = _plain(step)
            kind = step.get('type')
            if kind == 'TestTimeAug':
                groups = [edit(group) for group in step['transforms']]
                step['transforms'] = [group for group in groups if group]
            elif kind in edits:
                used.add(kind)
                out += _apply(step, edits[kind])
                continue
            out.append(step)
        return out

    result = edit(pipeline)
    unused = sorted(set(edits) - used)
    if unused and strict:
        raise KeyError(f'edit_pipeline: the pipeline has no transform of '
                       f'type {unused}; its types are '
                       f'{_types(pipeline)}')
    return result


def _apply(step: dict, edit: Any) -> List[dict]:
    """The transforms that replace ``step`` under one edit."""
    if edit is None:
        return []
    if isinstance(edit, (list, tuple)):
        return [_apply(step, e)[0] if 'type' not in e else _plain(e)
                for e in edit]
    return [dict(step, **_plain(edit))]


def _types(pipeline: Sequence[dict]) -> List[str]:
    names = []
    for step in pipeline:
        if step.get('type') == 'TestTimeAug':
            for group in step['transforms']:
                names += _types(group)
        else:
            names.append(step.get('type'))
    return names


def scale_tta(pipeline: Sequence[dict], factor: float) -> List[dict]:
    """``pipeline`` with every ``scale_factor`` of a ``Resize`` inside its
    ``TestTimeAug`` multiplied by ``factor``.

    mmseg's test-time augmentation resizes the loaded frame by ratios
    (0.5-1.75), which equal the ratios of the test scale only where the
    test pipeline keeps the stored size. A data set tested below its stored
    size (CamVid stored at 360x480, tested at 180x240: ``factor=0.5``) must
    scale them, or its multi-scale test runs at scales the model never saw.

    Raises:
        KeyError: the pipeline has no ``Resize`` with a ``scale_factor``
            inside a ``TestTimeAug``.
    """
    found = []

    def scale_step(step: dict) -> dict:
        if step.get('type') != 'Resize' or 'scale_factor' not in step:
            return step
        found.append(step)
        return dict(step, scale_factor=step['scale_factor'] * factor)

    def scale(steps: Sequence[dict]) -> List[dict]:
        out = []
        for step in steps:
            step = _plain(step)
            if step.get('type') == 'TestTimeAug':
                step['transforms'] = [[scale_step(t) for t in group]
                                      for group in step['transforms']]
            out.append(step)
        return out

    result = scale(pipeline)
    if not found:
        raise KeyError('scale_tta: the pipeline has no Resize with a '
                       'scale_factor inside a TestTimeAug; its types are '
                       f'{_types(pipeline)}')
    return result


def checked_loaders(pipeline: Sequence[dict],
                    num_classes: int,
                    check_images: bool = True) -> List[dict]:
    """``pipeline`` with the loaders that name a bad file on error.

    ``LoadAnnotations`` becomes :class:`CheckedLoadAnnotations` checking
    labels against ``num_classes`` (its other arguments, such as
    ``reduce_zero_label``, are kept); ``LoadImageFromFile`` becomes
    :class:`CheckedLoadImageFromFile` unless ``check_images`` is False.
    Test pipelines (``check_images=False``) keep mmcv's
    ``LoadImageFromFile``, the name ``MMSegInferencer`` looks for, and read
    through the ``checked_local`` file backend
    (:mod:`mmseg_multipath.datasets.checked_backend`), which names a missing,
    folder or empty image file.
    """
    edits = dict(LoadAnnotations=dict(type='CheckedLoadAnnotations',
                                      num_classes=num_classes))
    if check_images:
        edits['LoadImageFromFile'] = dict(type='CheckedLoadImageFromFile')
    else:
        edits['LoadImageFromFile'] = dict(
            backend_args=dict(backend='checked_local'))
    return edit_pipeline(pipeline, **edits)
