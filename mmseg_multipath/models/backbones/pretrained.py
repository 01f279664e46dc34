"""Pretrained initialisation of the toolbox's backbones: a missing weights
file ends with one message that names the file and how to make it.

The full-size segmentation configs start from ImageNet weights the way
their papers did (``init_cfg=dict(type='Pretrained', checkpoint=FILE,
prefix='backbone.')``). Those files come from converters of the official
releases, so a missing one is a set-up step the user has not done yet: the
message says which command makes it, and how to train from scratch
instead (``--cfg-options model.backbone.init_cfg=None``).
"""
import os.path as osp

FROM_SCRATCH = '--cfg-options model.backbone.init_cfg=None'


def _pretrained_files(init_cfg):
    cfgs = init_cfg if isinstance(init_cfg, (list, tuple)) else [init_cfg]
    for cfg in cfgs:
        if isinstance(cfg, dict) and cfg.get('type') == 'Pretrained':
            path = cfg.get('checkpoint')
            if isinstance(path, str) and '://' not in path:
                yield path


def check_pretrained_files(init_cfg, owner: str, how_to: str) -> None:
    """Raise FileNotFoundError naming the first missing local checkpoint
    of a ``Pretrained`` ``init_cfg``; ``how_to`` says how to make it."""
    for path in _pretrained_files(init_cfg):
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'{owner}: pretrained weights "{path}" not found (init_cfg.'
                f'checkpoint; relative paths start at {osp.abspath(".")}). '
                f'Make them with: {how_to.format(path=path)}; or train from '
                f'scratch with {FROM_SCRATCH}')
