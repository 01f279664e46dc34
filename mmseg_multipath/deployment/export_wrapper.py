"""The whole segmentor as one tensor function, for export to a runtime.

What mmseg's test loop runs after the data pipeline, as one graph: the data
preprocessor's channel flip and mean/std (``SegDataPreProcessor``), the
backbone, the decode head's main logits and their bilinear resize to the
input size (``EncoderDecoder.encode_decode``), optionally the argmax.

Input: float (N, 3, H, W) of 0..255 pixel values in the channel order of
the loaded image (BGR from OpenCV), after the test pipeline's resize.
Output: logits (N, C, H, W) float, or labels (N, H, W) int64.

The ONNX export (``tools/deployment/export_onnx.py``) and the OpenVINO
export (``tools/deployment/export_openvino.py``) both trace this module.
"""
import torch.nn as nn
import torch.nn.functional as F

from ..models.decode_heads import main_logits


class ExportWrapper(nn.Module):
    """Preprocess -> encode_decode -> resize (-> argmax), for export.

    Args:
        segmentor: an mmseg ``EncoderDecoder`` in eval mode.
        labels (bool): return the argmax (N, H, W) instead of the logits.
    """

    def __init__(self, segmentor, labels: bool = False):
        super().__init__()
        self.segmentor = segmentor
        pre = segmentor.data_preprocessor
        # mmseg's SegDataPreProcessor: bgr_to_rgb / rgb_to_bgr
        self.flip = bool(pre.channel_conversion)
        self.register_buffer('mean', pre.mean.clone().view(1, -1, 1, 1))
        self.register_buffer('std', pre.std.clone().view(1, -1, 1, 1))
        self.labels = labels
        self.align_corners = segmentor.align_corners

    def forward(self, img):
        x = img.flip(1) if self.flip else img
        x = (x - self.mean) / self.std
        logits = main_logits(
            self.segmentor.decode_head(self.segmentor.extract_feat(x)))
        logits = F.interpolate(logits, size=img.shape[-2:], mode='bilinear',
                               align_corners=self.align_corners)
        return logits.argmax(1) if self.labels else logits


__all__ = ['ExportWrapper']
