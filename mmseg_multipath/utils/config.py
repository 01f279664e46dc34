"""Config reading and checks shared by the tools: syntax, ``_base_`` cycles,
``custom_imports``, ``--cfg-options`` syntax and types, data roots and
prefixes, metric arguments. What a run puts into its config is the
runner's (``engine/runner.py: MultipathRunner``), named by the config."""
import ast
import copy
import difflib
import importlib
import inspect
import os.path as osp
from collections.abc import Mapping
from typing import Optional, Union

from mmengine.config import Config
from mmengine.hub import get_config
from mmengine.registry import METRICS
from mmseg.registry import METRICS as MMSEG_METRICS

from .checkpoint_files import CONFIG_SUFFIXES


def replace_norm_cfg(cfg, norm_cfg: dict):
    """Set every non-None ``norm_cfg`` inside a (model) config to
    ``norm_cfg``, recursively, in place; returns ``cfg``. This is how a BN
    model becomes its AGC twin by config alone."""
    if isinstance(cfg, dict):
        for key, value in cfg.items():
            if key == 'norm_cfg' and value is not None:
                cfg[key] = copy.deepcopy(norm_cfg)
            else:
                replace_norm_cfg(value, norm_cfg)
    elif isinstance(cfg, list):
        for item in cfg:
            replace_norm_cfg(item, norm_cfg)
    return cfg


def _set_num_classes(head, num_classes: int) -> None:
    for h in head if isinstance(head, (list, tuple)) else [head]:
        if isinstance(h, dict) and 'num_classes' in h:
            h['num_classes'] = num_classes


def model_of(config: str, num_classes: int = None,
             crop_size: tuple = None) -> dict:
    """The ``model`` of another config (``mmseg::...`` or a path), as a dict
    that replaces the model of the config calling it (``_delete_=True``):
    how a peer's own model config is trained on this toolbox's recipe.
    ``num_classes`` goes to the decode head and every auxiliary head,
    ``crop_size`` to the data preprocessor.
    """
    if '::' in config:
        model = get_config(config).model.to_dict()
    else:
        model = load_config(config).model.to_dict()
    if num_classes is not None:
        _set_num_classes(model.get('decode_head'), num_classes)
        _set_num_classes(model.get('auxiliary_head'), num_classes)
    if crop_size is not None:
        model.setdefault('data_preprocessor', {})['size'] = tuple(crop_size)
    return dict(_delete_=True, **model)


# the keys mmseg's BaseSegDataset reads from data_prefix
DATA_PREFIX_KEYS = ('img_path', 'seg_map_path')


def check_config_path(path: str, checkpoint: str = None) -> None:
    """One clear error for a missing config, or a checkpoint given where
    the config belongs (CONFIG and CHECKPOINT swapped)."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'config "{path}" does not exist')
    if not path.endswith(CONFIG_SUFFIXES):
        swapped = checkpoint is not None and \
            checkpoint.endswith(CONFIG_SUFFIXES)
        raise ValueError(
            f'config "{path}" is not a config file (.py/.yml/.yaml/.json)' +
            ('; CONFIG and CHECKPOINT look swapped: the order is CONFIG '
             'CHECKPOINT' if swapped else ''))


def _bases(path: str) -> list:
    """The local ``_base_`` files a config names (literal lists only;
    ``mmseg::`` bases are mmseg's and not followed)."""
    try:
        with open(path, encoding='utf-8') as f:
            tree = ast.parse(f.read(), filename=path)
    except SyntaxError as e:
        raise ValueError(
            f'config "{path}" has a syntax error at line {e.lineno}: '
            f'{e.msg}' + (f' ({e.text.strip()!r})' if e.text else '')
        ) from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == '_base_'
                for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return []
            names = [value] if isinstance(value, str) else list(value)
            return [osp.normpath(osp.join(osp.dirname(path), n))
                    for n in names if isinstance(n, str) and '::' not in n]
    return []


def check_base_cycle(path: str) -> None:
    """ValueError naming the files when a config's ``_base_`` files lead
    back to one of themselves (mmengine recurses until a RecursionError
    after many seconds), or naming the file and line of a syntax error."""

    def walk(p, chain):
        real = osp.realpath(p)
        if real in chain:
            loop = chain[chain.index(real):] + [real]
            raise ValueError('config "{}": its _base_ files form a cycle: {}'
                             .format(path, ' -> '.join(
                                 osp.relpath(x) for x in loop)))
        if osp.isfile(p) and p.endswith('.py'):
            for base in _bases(p):
                walk(base, chain + [real])

    walk(path, [])


def import_custom_modules(cfg: Config, path: str) -> None:
    """Import the config's ``custom_imports`` (as mmengine does) with one
    line naming the module and its own error: mmengine prints ``sys.path``
    and "set PYTHONPATH", which hides a plugin whose import fails inside."""
    custom = cfg.get('custom_imports') or {}
    names = custom.get('imports', []) if isinstance(custom, dict) else []
    names = [names] if isinstance(names, str) else names
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as e:  # noqa: B902  (ImportError, or the plugin's)
            if custom.get('allow_failed_imports', False):
                continue
            missing = isinstance(e, ModuleNotFoundError) and \
                e.name == name
            why = 'no module of this name is installed or on sys.path' \
                if missing else f'importing it failed: ' \
                f'{type(e).__name__}: {e}'
            raise ImportError(f'config "{path}": custom_imports names '
                              f'"{name}", and {why}') from None


def load_config(config: Union[str, Config],
                checkpoint: Optional[str] = None,
                cfg_options: Optional[dict] = None) -> Config:
    """The one way the package and its tools read a config.

    ``config``: a file, an ``mmseg::`` name or a ``Config`` (copied). A
    file is ``Config.fromfile`` with one clear error for a missing or
    mistyped path (``checkpoint`` only sharpens the message when the two
    look swapped), a ``_base_`` cycle, a syntax error in the config or a
    local base (file, line and the offending text) and a
    ``custom_imports`` module that cannot be imported (its name and its
    own error). ``cfg_options`` (``--cfg-options``) are merged after
    :func:`check_option_types`.
    """
    if isinstance(config, Config):
        cfg = config.copy()
    elif '::' in config:
        try:
            cfg = get_config(config)
        except FileNotFoundError as e:
            raise FileNotFoundError(f'config "{config}": {e}') from None
    else:
        check_config_path(config, checkpoint)
        check_base_cycle(config)
        try:
            cfg = Config.fromfile(config, import_custom_modules=False)
        except SyntaxError as e:  # a base the check does not follow
            raise ValueError(f'config "{config}": {e}') from None
        import_custom_modules(cfg, config)
    return merge_cfg_options(cfg, cfg_options)


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


def _lookup(cfg, key: str):
    node = cfg._cfg_dict if isinstance(cfg, Config) else cfg
    for part in key.split('.'):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, (list, tuple)) and part.isdigit() and \
                int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def check_option_types(cfg: Config, options: dict) -> None:
    """ValueError naming the key when ``--cfg-options`` gives text or a
    fraction where the config holds a number (``train_cfg.max_iters=abc``
    would otherwise fail deep inside the training loop, ``=2.5`` train
    2.5 iterations' worth of schedule)."""
    for key, value in options.items():
        old = _lookup(cfg, key)
        if isinstance(old, bool) or not isinstance(old, (int, float)):
            continue
        if isinstance(value, str) or isinstance(value, bool) or \
                isinstance(value, (list, tuple, dict)):
            raise ValueError(
                f'--cfg-options {key}={value!r}: the config holds a number '
                f'here ({old!r})')
        if isinstance(old, int) and isinstance(value, float) and \
                not value.is_integer():
            raise ValueError(
                f'--cfg-options {key}={value!r}: the config holds a whole '
                f'number here ({old!r})')


def merge_cfg_options(cfg: Config, options: Optional[dict]) -> Config:
    """Merge ``--cfg-options`` into ``cfg`` after :func:`check_option_types`
    (every tool that takes ``--cfg-options`` merges through here)."""
    if options:
        check_option_types(cfg, options)
        cfg.merge_from_dict(options)
    return cfg


def check_config_keys(cfg: Config) -> None:
    """The key checks of ``tools/train.py`` and ``tools/test.py``: data
    prefixes and evaluator arguments."""
    check_data_prefixes(cfg)
    check_evaluator_keys(cfg)


def load_run_config(config: str, cfg_options=None, work_dir=None,
                    launcher: str = 'none') -> Config:
    """The config of a ``tools/train.py`` / ``tools/test.py`` run, as
    mmseg's tools make it: ``--cfg-options`` merged, the launcher set, and
    the work dir from ``--work-dir``, the config, or
    ``./work_dirs/CONFIG_NAME``."""
    cfg = load_config(config, cfg_options=cfg_options)
    cfg.launcher = launcher
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(config))[0])
    return cfg
