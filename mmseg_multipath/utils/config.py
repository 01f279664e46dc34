"""Config fix-ups applied by ``tools/train.py`` and ``tools/test.py``."""
from mmengine.config import Config


def fix_dataloaders(cfg: Config) -> None:
    """Make data loader settings valid on the machine at hand.

    mmseg's bases set ``persistent_workers=True``, which torch refuses with
    ``num_workers=0`` (the usual CPU/debug setting): turn it off there.
    """
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(key)
        if not loader:
            continue
        if loader.get('num_workers', 0) == 0 and \
                loader.get('persistent_workers', False):
            loader['persistent_workers'] = False


def replace_norm_cfg(cfg, norm_cfg: dict):
    """Set every non-None ``norm_cfg`` inside a (model) config to
    ``norm_cfg``, recursively, in place; returns ``cfg``. This is how a BN
    model becomes its AGC twin by config alone."""
    import copy
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


CONFIG_SUFFIXES = ('.py', '.yml', '.yaml', '.json')
# the keys mmseg's BaseSegDataset reads from data_prefix
DATA_PREFIX_KEYS = ('img_path', 'seg_map_path')


def check_config_path(path: str, checkpoint: str = None) -> None:
    """One clear error for a missing config, or a checkpoint given where
    the config belongs (CONFIG and CHECKPOINT swapped)."""
    import os.path as osp
    if not osp.isfile(path):
        raise FileNotFoundError(f'config "{path}" does not exist')
    if not path.endswith(CONFIG_SUFFIXES):
        swapped = checkpoint is not None and \
            checkpoint.endswith(CONFIG_SUFFIXES)
        raise ValueError(
            f'config "{path}" is not a config file (.py/.yml/.yaml/.json)' +
            ('; CONFIG and CHECKPOINT look swapped: the order is CONFIG '
             'CHECKPOINT' if swapped else ''))


def _datasets(ds):
    """A dataset config and the ones it wraps (Concat/Repeat datasets)."""
    if not isinstance(ds, dict):
        return
    yield ds
    for inner in [ds.get('dataset')] + list(ds.get('datasets') or []):
        yield from _datasets(inner)


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


def load_run_config(config: str, cfg_options=None, work_dir=None,
                    launcher: str = 'none') -> Config:
    """The config of a ``tools/train.py`` / ``tools/test.py`` run, as
    mmseg's tools make it: ``--cfg-options`` merged, the launcher set, and
    the work dir from ``--work-dir``, the config, or
    ``./work_dirs/CONFIG_NAME``."""
    import os.path as osp
    cfg = Config.fromfile(config)
    cfg.launcher = launcher
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(config))[0])
    return cfg
