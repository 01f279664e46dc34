"""The config that runs a deployed file in place of the PyTorch model.

``deployed_config(config, 'model.xml')`` returns the config with its
``model`` replaced by a :class:`~mmseg_multipath.models.segmentors.
DeployedSegmentor` of the file; everything else (data, pipelines,
evaluator, hooks) stays. Every OpenMMLab entry point that takes a config
then runs the deployed model::

    cfg = deployed_config('configs/...py', 'work/ov/model.xml')
    model = mmseg.apis.init_model(cfg)             # no checkpoint
    mmseg.apis.inference_model(model, 'frame.png')
    MMSegInferencer(model=cfg)('frame.png')
    RUNNERS.build(cfg).test()                      # tools/test.py --deployed

The deployed model's preprocessor stacks and pads as the config's does but
neither normalises nor flips channels (the graph does both). The config's
classes (its test data set's) and class count are handed to the model,
which refuses a file exported for others.
"""
from typing import Optional, Union

from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

from ..utils.config import load_config


def config_classes(cfg: Config) -> Optional[tuple]:
    """The class names of the config's test (else val) data set: its
    ``metainfo`` override or the data set class's own."""
    for key in ('test_dataloader', 'val_dataloader'):
        ds = (cfg.get(key) or {}).get('dataset')
        while isinstance(ds, dict) and 'dataset' in ds and 'type' in ds \
                and 'classes' not in (ds.get('metainfo') or {}):
            inner = ds['dataset']
            if not isinstance(inner, dict):
                break
            ds = inner
        if not isinstance(ds, dict):
            continue
        classes = (ds.get('metainfo') or {}).get('classes')
        if classes:
            return tuple(classes)
        init_default_scope(cfg.get('default_scope', 'mmseg'))
        cls = ds.get('type')
        cls = DATASETS.get(cls) if isinstance(cls, str) else cls
        meta = getattr(cls, 'METAINFO', None) or {}
        if meta.get('classes'):
            return tuple(meta['classes'])
    return None


def deployed_config(config: Union[str, Config], model_path: str,
                    precision: Optional[str] = None,
                    num_threads: Optional[int] = None) -> Config:
    """``config`` (a file, ``mmseg::`` name or Config; copied) whose model
    is the deployed file ``model_path`` (see module doc)."""
    cfg = load_config(config)
    model = cfg.model
    pre = dict(model.get('data_preprocessor') or {})
    pre.update(mean=None, std=None, bgr_to_rgb=False, rgb_to_bgr=False)
    if pre.get('type') in (None, 'SegDataPreProcessor',
                           'mmseg.SegDataPreProcessor'):
        pre['type'] = 'MixedSizeSegDataPreProcessor'
    head = model.get('decode_head') or {}
    num_classes = head.get('num_classes') if isinstance(head, dict) else \
        None
    name = config if isinstance(config, str) else cfg.filename
    cfg.model = dict(type='DeployedSegmentor', model_path=model_path,
                     data_preprocessor=pre, classes=config_classes(cfg),
                     num_classes=num_classes, config=name,
                     precision=precision, num_threads=num_threads)
    cfg.load_from = None
    return cfg


__all__ = ['config_classes', 'deployed_config']
