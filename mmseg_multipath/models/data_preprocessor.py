"""``MixedSizeSegDataPreProcessor``: mmseg's ``SegDataPreProcessor`` that
also takes validation and test batches of images of different sizes.

mmseg stacks a val/test batch only when every image has one size (an
``AssertionError`` "The image size in a batch should be the same."
otherwise): a ``val_dataloader.batch_size`` above 1 fails on any data set
whose test pipeline keeps the aspect ratio of images of several shapes
(ADE20K, PASCAL, a user's own folder). Here such a batch is padded at the
bottom and right to its largest image (then to ``test_cfg``'s ``size`` or
``size_divisor``, where set) with ``pad_val`` after normalisation, exactly
as mmseg's ``stack_batch`` pads, and each sample records its padding
(``img_padding_size``, ``pad_shape``), which mmseg's
``postprocess_result`` crops off before it resizes the prediction to the
original image. Training batches and same-size batches go through mmseg's
code unchanged. The first padded batch is named in one log line.

Shapes: ``inputs`` a list of ``(C, H_i, W_i)`` tensors -> ``(N, C, H, W)``
with ``H = max H_i``, ``W = max W_i``.

``tools/train.py`` and ``tools/test.py`` put it in place of
``SegDataPreProcessor`` (same arguments); in a config:
``model.data_preprocessor.type = 'MixedSizeSegDataPreProcessor'``.
"""
import torch.nn.functional as F
from mmengine.logging import print_log
from mmseg.models.data_preprocessor import SegDataPreProcessor
from mmseg.registry import MODELS


def _round_up(n: int, divisor) -> int:
    return -(-n // divisor) * divisor if divisor and divisor > 1 else n


@MODELS.register_module()
class MixedSizeSegDataPreProcessor(SegDataPreProcessor):
    """``SegDataPreProcessor`` whose val/test batches may mix image sizes
    (see the module docstring); takes ``SegDataPreProcessor``'s
    arguments."""

    _told = False

    def forward(self, data: dict, training: bool = False) -> dict:
        inputs = data['inputs']
        samples = data.get('data_samples')
        sizes = [tuple(x.shape[-2:]) for x in inputs]
        if training or samples is None or len(set(sizes)) == 1:
            return super().forward(data, training)
        original = self.test_cfg
        test_cfg = original or {}
        height = _round_up(max(h for h, _ in sizes),
                           test_cfg.get('size_divisor'))
        width = _round_up(max(w for _, w in sizes),
                          test_cfg.get('size_divisor'))
        if test_cfg.get('size'):
            height = max(height, test_cfg['size'][0])
            width = max(width, test_cfg['size'][1])
        padded = [F.pad(x, (0, width - x.shape[-1], 0, height - x.shape[-2]))
                  for x in inputs]
        self.test_cfg = None  # mmseg's code stacks the equal sizes
        try:
            out = super().forward(dict(data, inputs=padded), training)
        finally:
            self.test_cfg = original
        batch = out['inputs']
        for i, ((h, w), sample) in enumerate(zip(sizes, out['data_samples'])):
            batch[i, :, h:, :] = self.pad_val  # as stack_batch pads
            batch[i, :, :, w:] = self.pad_val
            sample.set_metainfo(dict(img_padding_size=[0, width - w, 0,
                                                       height - h],
                                     pad_shape=(height, width)))
        if not MixedSizeSegDataPreProcessor._told:
            MixedSizeSegDataPreProcessor._told = True
            named = ', '.join(
                f'{s.metainfo.get("img_path", "?")} ({h}x{w})'
                for (h, w), s in zip(sizes[:3], out['data_samples']))
            print_log(f'a test batch mixes image sizes ({named}'
                      f'{", ..." if len(sizes) > 3 else ""}): padded to '
                      f'{height}x{width}, predictions cropped back',
                      logger='current')
        return out
