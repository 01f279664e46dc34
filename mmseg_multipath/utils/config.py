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


def inference_test_pipeline(cfg: Config) -> Config:
    """Make ``cfg.test_pipeline`` usable by ``mmseg.apis.inference_model``.

    Inference has no labels. mmseg drops only its own ``LoadAnnotations``
    and swaps only ``LoadImageFromFile`` for array input, so the checked
    loaders of this toolbox are mapped back to those names here.
    """
    cfg.test_pipeline = [
        dict(t, type='LoadImageFromFile')
        if t['type'] == 'CheckedLoadImageFromFile' else t
        for t in cfg.test_pipeline
        if not t['type'].endswith('LoadAnnotations')
    ]
    return cfg
