"""Losses of the toolbox (registered in mmseg's MODELS)."""
from .weighted_cross_entropy_loss import (WeightedCrossEntropyLoss,
                                          weighted_cross_entropy)

__all__ = ['WeightedCrossEntropyLoss', 'weighted_cross_entropy']
