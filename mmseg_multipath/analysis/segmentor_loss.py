"""The plain loss of the analysis tools' training steps: a segmentor's
main logits (backbone, decode head; auxiliary heads and the config's
losses left out), bilinearly resized to the labels where they differ,
and cross entropy.

Shapes: ``x`` (N, 3, H, W), ``y`` (N, H, W) class ids -> a scalar. Used
where a benchmark compares layers (BN vs AGC, the memory a graph keeps)
and needs the same loss for every model; ``benchmark.py --train-speed``
times the config's own ``model.loss`` instead.
"""
import torch
import torch.nn.functional as F

from ..models.decode_heads import main_logits


def main_logits_ce(model, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross entropy of ``model``'s main logits against ``y``."""
    logits = main_logits(model.decode_head(model.extract_feat(x)))
    if logits.shape[-2:] != y.shape[-2:]:
        logits = F.interpolate(logits, size=y.shape[-2:], mode='bilinear',
                               align_corners=False)
    return F.cross_entropy(logits, y)
