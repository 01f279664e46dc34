"""Reading a config, the one way (:func:`load_config`): the path, ``_base_``
cycles, syntax errors, ``custom_imports``, ``--cfg-options`` and their
types; :func:`load_run_config` for ``tools/train.py`` / ``tools/test.py``.
The key checks of a loaded config are ``config_checks.py``; the helpers
configs call are ``config_edits.py``; what a run puts into its config is
the runner's (``engine/runner.py: MultipathRunner``), named by the
config."""
import ast
import importlib
import os.path as osp
from collections.abc import Mapping
from typing import Optional, Union

from mmengine.config import Config
from mmengine.hub import get_config

from .checkpoint_files import CONFIG_SUFFIXES


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
