"""The key checks of a loaded config that ``tools/train.py`` and
``tools/test.py`` run before anything is built (:func:`check_config_keys`):
``data_prefix`` keys mmseg reads, evaluator arguments the metric class
takes (mmseg's metrics swallow unknown ones in silence); and
:func:`set_data_root`, the tools' ``--data-root DIR`` (every split)."""
import difflib
import inspect
from typing import Optional

from mmengine.config import Config
from mmengine.registry import METRICS
from mmseg.registry import METRICS as MMSEG_METRICS

# the keys mmseg's BaseSegDataset reads from data_prefix
DATA_PREFIX_KEYS = ('img_path', 'seg_map_path')


def _datasets(ds):
    """A dataset config and the ones it wraps (Concat/Repeat datasets)."""
    if not isinstance(ds, dict):
        return
    yield ds
    for inner in [ds.get('dataset')] + list(ds.get('datasets') or []):
        yield from _datasets(inner)


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every split of ``cfg`` at ``data_root`` (the tools'
    ``--data-root DIR``): ``data_root`` of each data set of the train, val
    and test loaders (inside Concat/Repeat wrappers too) and the config's
    top-level ``data_root``."""
    cfg.data_root = data_root
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(key) or {}
        for ds in _datasets(loader.get('dataset')):
            if 'data_root' in ds or not any(
                    k in ds for k in ('dataset', 'datasets')):
                ds['data_root'] = data_root


def check_data_prefixes(cfg: Config) -> None:
    """Refuse unknown ``data_prefix`` keys (a typo like ``img_pth`` would
    otherwise end in mmengine's ``uri should not be None``)."""
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(key) or {}
        for ds in _datasets(loader.get('dataset')):
            prefix = ds.get('data_prefix')
            if not isinstance(prefix, dict):
                continue
            unknown = sorted(set(prefix) - set(DATA_PREFIX_KEYS))
            if unknown:
                raise KeyError(
                    f'{key}.dataset.data_prefix has unknown key(s) '
                    f'{unknown}; the keys are {list(DATA_PREFIX_KEYS)}')


def _named_parameters(cls) -> Optional[set]:
    """The keyword names ``cls(...)`` accepts, following ``**kwargs`` up
    the class hierarchy (mmseg's ``IoUMetric`` passes them to mmengine's
    ``BaseMetric``); None if a class takes ``**kwargs`` it does not hand to
    a base (any key may be right)."""
    names = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get('__init__')
        if init is None or klass is object:
            continue
        try:
            params = inspect.signature(init).parameters.values()
        except (TypeError, ValueError):
            return None
        names |= {p.name for p in params if p.name != 'self' and p.kind in (
            p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
        if not any(p.kind == p.VAR_KEYWORD for p in params):
            return names
    return None


def check_evaluator_keys(cfg: Config) -> None:
    """Refuse keys that the configured metric classes do not take (mmseg's
    metrics swallow them in ``**kwargs``: ``iou_metrix=['mDice']`` would
    be ignored and report mIoU)."""
    for key in ('val_evaluator', 'test_evaluator'):
        evaluators = cfg.get(key)
        if isinstance(evaluators, dict):
            evaluators = evaluators.get('metrics', evaluators)
        if isinstance(evaluators, dict):
            evaluators = [evaluators]
        for i, metric in enumerate(evaluators or []):
            if not isinstance(metric, dict) or 'type' not in metric:
                continue
            cls = metric['type'] if isinstance(metric['type'], type) else \
                MMSEG_METRICS.get(metric['type']) or \
                METRICS.get(metric['type'])
            known = _named_parameters(cls) if cls else None
            if known is None:
                continue
            for name in metric:
                if name != 'type' and not name.startswith('_') and \
                        name not in known:
                    close = difflib.get_close_matches(name, known, 1)
                    where = key if len(evaluators) == 1 else f'{key}[{i}]'
                    raise KeyError(
                        f'{where}.{name}: {cls.__name__} has no argument '
                        f'"{name}"' + (f' (did you mean "{close[0]}"?)'
                                       if close else '') +
                        f'; its arguments are {sorted(known)}')


def check_config_keys(cfg: Config) -> None:
    """The key checks of ``tools/train.py`` and ``tools/test.py``: data
    prefixes and evaluator arguments."""
    check_data_prefixes(cfg)
    check_evaluator_keys(cfg)
