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
