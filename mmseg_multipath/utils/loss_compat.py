"""Fix mmseg 1.2.2's class-weighted cross-entropy with ignored pixels.

``mmseg.models.losses.cross_entropy_loss.cross_entropy`` computes the mean's
denominator as ``torch.stack([class_weight[cls] for cls in label])``, which
indexes the class weights with the ignore label (255): every batch with a
void pixel raises ``IndexError`` once ``class_weight`` is set (and the
Python loop is slow). The replacement below (applied on ``import
mmseg_multipath``) gives each pixel its class weight and ignored pixels
weight 0, vectorised; with ``avg_non_ignore=True`` it equals PyTorch's
``F.cross_entropy(weight=..., ignore_index=..., reduction='mean')``.
Without class weights it defers to mmseg's own function unchanged.
"""
import torch
import torch.nn.functional as F


def _fixed_cross_entropy(original):

    def cross_entropy(pred, label, weight=None, class_weight=None,
                      reduction='mean', avg_factor=None, ignore_index=-100,
                      avg_non_ignore=False):
        if class_weight is None or avg_factor is not None or \
                reduction != 'mean':
            return original(pred, label, weight, class_weight, reduction,
                            avg_factor, ignore_index, avg_non_ignore)
        from mmseg.models.losses.utils import weight_reduce_loss
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

    cross_entropy.__doc__ = original.__doc__
    cross_entropy._mmseg_mp_fixed = True
    return cross_entropy


def patch_weighted_cross_entropy() -> None:
    """Install the fix in mmseg's loss module (idempotent)."""
    from mmseg.models.losses import cross_entropy_loss as ce
    if getattr(ce.cross_entropy, '_mmseg_mp_fixed', False):
        return
    ce.cross_entropy = _fixed_cross_entropy(ce.cross_entropy)
