"""Cross-entropy with class weights and ignored pixels.

mmseg 1.2.2's ``cross_entropy`` computes the mean's denominator as
``torch.stack([class_weight[cls] for cls in label])``, which indexes the
class weights with the ignore label (255): every batch with a void pixel
raises ``IndexError`` once ``class_weight`` is set (and the Python loop is
slow). :class:`WeightedCrossEntropyLoss` is mmseg's ``CrossEntropyLoss``
(same arguments, same loss name) whose softmax criterion gives each pixel
its class weight and ignored pixels weight 0, vectorised; with
``avg_non_ignore=True`` it equals PyTorch's ``F.cross_entropy(weight=...,
ignore_index=..., reduction='mean')``. Without class weights it is
mmseg's function. The toolbox's class-weighted configs (SegNet, the Deep
Control testbed) name it; mmseg's own loss is left as it is.

Input: logits (N, C, H, W), labels (N, H, W); output: a scalar.
"""
import torch
import torch.nn.functional as F
from mmseg.models.losses import CrossEntropyLoss
from mmseg.models.losses.cross_entropy_loss import cross_entropy
from mmseg.models.losses.utils import weight_reduce_loss
from mmseg.registry import MODELS


def weighted_cross_entropy(pred, label, weight=None, class_weight=None,
                           reduction='mean', avg_factor=None,
                           ignore_index=-100, avg_non_ignore=False):
    """mmseg's ``cross_entropy`` signature; see the module doc."""
    if class_weight is None or avg_factor is not None or \
            reduction != 'mean':
        return cross_entropy(pred, label, weight, class_weight, reduction,
                             avg_factor, ignore_index, avg_non_ignore)
    loss = F.cross_entropy(pred, label, weight=class_weight,
                           reduction='none', ignore_index=ignore_index)
    valid = label != ignore_index
    safe = torch.where(valid, label, torch.zeros_like(label))
    label_weights = class_weight[safe] * valid
    # mmseg's (intended) semantics: without avg_non_ignore the ignored
    # pixels count in the denominator with weight 1
    denom = label_weights.sum() + (0 if avg_non_ignore else
                                   (~valid).sum())
    if weight is not None:
        weight = weight.float()
    return weight_reduce_loss(loss, weight=weight, reduction='mean',
                              avg_factor=denom.clamp_min(1e-12))


@MODELS.register_module()
class WeightedCrossEntropyLoss(CrossEntropyLoss):
    """mmseg's ``CrossEntropyLoss`` with class weights that work with
    ignored pixels (see module doc); softmax form only."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.use_sigmoid or self.use_mask:
            raise ValueError('WeightedCrossEntropyLoss is the softmax form; '
                             'use CrossEntropyLoss for use_sigmoid/use_mask')
        self.cls_criterion = weighted_cross_entropy


__all__ = ['WeightedCrossEntropyLoss', 'weighted_cross_entropy']
