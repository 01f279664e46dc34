"""Helpers that configs call at parse time: :func:`replace_norm_cfg` (a
BN model's AGC twin by config alone) and :func:`model_of` (another
config's model, e.g. mmseg's BiSeNetV1 with this toolbox's class count)."""
import copy

from .config import load_config


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
    model = load_config(config).model.to_dict()
    if num_classes is not None:
        _set_num_classes(model.get('decode_head'), num_classes)
        _set_num_classes(model.get('auxiliary_head'), num_classes)
    if crop_size is not None:
        model.setdefault('data_preprocessor', {})['size'] = tuple(crop_size)
    return dict(_delete_=True, **model)
