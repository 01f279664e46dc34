"""``SkippedFilesHook``: say which image files a split's folder scan left
out, for every data set class, mmseg's own included.

mmseg lists a split by scanning its image folder for ``img_suffix``,
case-sensitively and without following dangling links: ``a.PNG`` in a
``.png`` split and a broken symbolic link are dropped in silence, and a
run trains or scores on fewer images than the folder holds. Before
training (the train and val splits) and before testing (the test split)
this hook logs one warning per data set naming the skipped files
(:func:`mmseg_multipath.datasets.checks.warn_skipped`). The project's own
data sets check while they load, so the hook leaves them out.

``tools/train.py`` and ``tools/test.py`` add it; in a config:
``custom_hooks = [dict(type='SkippedFilesHook')]``.
"""
from mmengine.hooks import Hook
from mmseg.registry import HOOKS

from ...datasets.checks import leaf_datasets, warn_skipped


def _report(loop) -> None:
    loader = getattr(loop, 'dataloader', None)
    if loader is None:
        return
    for dataset in leaf_datasets(loader.dataset):
        if getattr(type(dataset), 'CHECKS_ON_LOAD', False):
            continue  # it warned while it loaded
        warn_skipped(dataset)


@HOOKS.register_module()
class SkippedFilesHook(Hook):
    """Warn about image files that a split's folder scan skipped."""

    priority = 'VERY_LOW'

    def before_train(self, runner) -> None:
        _report(runner.train_loop)
        _report(runner.val_loop)

    def before_test(self, runner) -> None:
        _report(runner.test_loop)
