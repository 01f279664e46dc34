"""``MultipathRunner``: mmengine's ``Runner`` with the toolbox's safeguards,
selected by ``runner_type`` in ``configs/_base_/runtime_hooks.py``.

Every config of the toolbox inherits that base, so every OpenMMLab entry
point given one of our configs runs what our tools run: mmseg's own
``tools/train.py`` and ``tools/test.py`` (``RUNNERS.build(cfg)`` when the
config has a ``runner_type``), ``mim train mmseg CONFIG``, and
``RUNNERS.build(cfg)`` in a notebook. What the runner puts into the
config it is built from (a copy; the caller's config is not changed):

* ``CheckpointHook`` -> ``AtomicCheckpointHook`` (same arguments): old
  checkpoints are deleted only after the new one is completely on disk;
* ``SegDataPreProcessor`` -> ``MixedSizeSegDataPreProcessor`` (same
  arguments), whose val/test batches may mix image sizes: the model's,
  the one of the segmentor inside a test-time-augmentation model
  (``tta_model.module``), and the top-level ``data_preprocessor``, which
  mmengine's ``Runner`` gives a model that names none (a TTA model, which
  then hands it to its segmentor);
* ``IoUMetric`` -> ``AtomicIoUMetric`` (same arguments) in
  ``val_evaluator`` / ``test_evaluator``: prediction PNGs (``output_dir``,
  ``tools/test.py --out``) written whole or not at all, a failed write
  naming the file;
* ``persistent_workers=False`` where ``num_workers=0`` (mmseg's bases set
  it to True, which torch refuses without workers).

A type given under another name (a subclass, a user's own hook) is kept.
The hooks every run has are named in the config itself
(``runtime_hooks.py``: ``custom_hooks``), not added here.

Registered in mmengine's root ``RUNNERS``: mmseg's tools build from
mmseg's ``RUNNERS`` (a child, which looks in the root), a notebook often
from mmengine's, and both must find it whatever the default scope.
"""
import copy

from mmengine.config import Config
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

#: config type names the runner replaces -> the type it puts in their place
REPLACED_TYPES = {
    'CheckpointHook': 'AtomicCheckpointHook',
    'mmengine.CheckpointHook': 'AtomicCheckpointHook',
    'SegDataPreProcessor': 'MixedSizeSegDataPreProcessor',
    'mmseg.SegDataPreProcessor': 'MixedSizeSegDataPreProcessor',
    'IoUMetric': 'AtomicIoUMetric',
    'mmseg.IoUMetric': 'AtomicIoUMetric',
}


def _replace_type(cfg) -> None:
    if isinstance(cfg, dict) and cfg.get('type') in REPLACED_TYPES:
        cfg['type'] = REPLACED_TYPES[cfg['type']]


def apply_safeguards(cfg: Config) -> Config:
    """The config ``MultipathRunner`` builds from: ``cfg`` with the
    replacements of the module doc applied, in place; returns ``cfg``.
    Applying it twice changes nothing more."""
    _replace_type((cfg.get('default_hooks') or {}).get('checkpoint'))
    _replace_type(cfg.get('data_preprocessor'))
    model = cfg.get('model') or {}
    while isinstance(model, dict):
        _replace_type(model.get('data_preprocessor'))
        model = model.get('module')  # a TTA model wraps the segmentor
    for key in ('val_evaluator', 'test_evaluator'):
        evaluator = cfg.get(key)
        for metric in evaluator if isinstance(evaluator, list) else \
                [evaluator]:
            _replace_type(metric)
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(key)
        if loader and loader.get('num_workers', 0) == 0 and \
                loader.get('persistent_workers', False):
            loader['persistent_workers'] = False
    return cfg


@RUNNERS.register_module()
class MultipathRunner(Runner):
    """mmengine's ``Runner``, built from a config with the safeguards of
    the module doc in place. Everything else, training, validation, test
    and resume, is mmengine's."""

    @classmethod
    def from_cfg(cls, cfg) -> 'MultipathRunner':
        cfg = copy.deepcopy(cfg)
        if not isinstance(cfg, Config):
            cfg = Config(cfg)
        return super().from_cfg(apply_safeguards(cfg))


def build_runner(cfg: Config) -> Runner:
    """The runner of ``cfg`` as mmseg's ``tools/train.py`` and
    ``tools/test.py`` build it: ``RUNNERS.build(cfg)`` where the config
    names a ``runner_type`` (every config of the toolbox names
    ``MultipathRunner``), mmengine's ``Runner`` otherwise."""
    if 'runner_type' in cfg:
        return RUNNERS.build(cfg)
    return Runner.from_cfg(cfg)
