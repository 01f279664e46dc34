"""The losses of one decode-head output, as mmseg's ``loss_by_feat``.

mmseg 1.2.2's ``BaseDecodeHead.loss_by_feat`` resizes the logits
(N, C, h, w) bilinearly to the labels (N, 1, H, W), weights pixels by the
head's sampler (OHEM) if it has one, sums its ``loss_decode`` terms and
logs the pixel accuracy ``acc_seg`` (%) over non-ignored pixels.
:func:`output_losses` returns the same dict with the same losses; only the
accuracy is computed otherwise: mmseg's ``accuracy`` takes ``topk`` over
the classes and gathers the non-ignored pixels by boolean indexing, over
the full-resolution logits of every output, which on a CPU made the
logged number cost about a tenth of ShelfNet18-lw's training step
(three outputs at 360x480; configs/shelfnet/README.md, "The training
step"). Here it is the share of non-ignored pixels whose arg-max is their
label: the top-1 accuracy, without a gradient; two classes with exactly
equal logits may break the tie otherwise than ``topk``.
"""
from typing import Dict

import torch
from mmseg.models.utils import resize
from torch import Tensor, nn


@torch.no_grad()
def pixel_accuracy(seg_logits: Tensor, seg_label: Tensor,
                   ignore_index: int) -> Tensor:
    """Top-1 accuracy (%) of (N, C, H, W) logits on (N, H, W) labels over
    the pixels not labelled ``ignore_index``; shape (1,) as mmseg's."""
    valid = seg_label != ignore_index
    correct = (seg_logits.argmax(1) == seg_label) & valid
    eps = torch.finfo(torch.float32).eps
    return (correct.sum() * 100.0 / (valid.sum() + eps)).reshape(1)


def output_losses(head: nn.Module, seg_logits: Tensor,
                  seg_label: Tensor) -> Dict[str, Tensor]:
    """``head.loss_by_feat``'s dict for one output (see module doc).

    Args:
        head: an mmseg ``BaseDecodeHead`` (its ``loss_decode``,
            ``sampler``, ``align_corners``, ``ignore_index``).
        seg_logits: (N, C, h, w) logits.
        seg_label: (N, 1, H, W) labels (``head._stack_batch_gt``).
    """
    seg_logits = resize(seg_logits, size=seg_label.shape[2:],
                        mode='bilinear', align_corners=head.align_corners)
    seg_weight = (head.sampler.sample(seg_logits, seg_label)
                  if head.sampler is not None else None)
    seg_label = seg_label.squeeze(1)
    terms = head.loss_decode
    if not isinstance(terms, nn.ModuleList):
        terms = [terms]
    losses = dict()
    for term in terms:
        value = term(seg_logits, seg_label, weight=seg_weight,
                     ignore_index=head.ignore_index)
        losses[term.loss_name] = losses[term.loss_name] + value \
            if term.loss_name in losses else value
    losses['acc_seg'] = pixel_accuracy(seg_logits, seg_label,
                                       head.ignore_index)
    return losses


__all__ = ['output_losses', 'pixel_accuracy']
