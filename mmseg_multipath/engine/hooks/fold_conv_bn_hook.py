"""Fold eval-mode BN into the convolution that feeds it before testing
(``tools/test.py --fuse-conv-bn``; ``custom_hooks = [dict(type=
'FoldConvBNHook')]`` in a config): the inference step of
:func:`~mmseg_multipath.models.fold_conv_bn.fold_conv_bn`, with the pairs
found from one probe forward pass on the loaded weights
(:func:`~mmseg_multipath.models.fold_conv_bn.fold_segmentor`, the model
transform the tools share).

Runs at ``before_test``, after the checkpoint is loaded. The probe pass is
the segmentor's tensor mode (backbone and decode head, as inference runs
them) on a random (1, 3, ``probe_size``) image; the auxiliary heads, which
inference does not run, keep their norms. Outputs are unchanged up to
float rounding; the log names the number of folded pairs. Testing only:
a model that trains again keeps its norms.
"""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS

from ...models.fold_conv_bn import fold_segmentor


@HOOKS.register_module()
class FoldConvBNHook(Hook):
    """Fold BN into convs before testing (see module doc).

    Args:
        probe_size (tuple[int]): (H, W) of the probe image. Default 64x64.
    """
    priority = 'LOW'  # after the checkpoint is in place

    def __init__(self, probe_size=(64, 64)) -> None:
        self.probe_size = tuple(probe_size)

    def before_test(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(runner.model) \
            else runner.model
        model = getattr(model, 'module', model)  # SegTTAModel
        pairs = fold_segmentor(model, self.probe_size)
        runner.logger.info(f'FoldConvBNHook: folded {len(pairs)} conv -> '
                           'BN pairs for inference')
